package confine

import "github.com/gospawn/workbook/runner/internal/i18n"

// What the grader says, in both languages, when the sandbox or the
// cgroups cannot be had here, or a limit on its command line is wrong.
var (
	msgNoBwrap      = i18n.Text{En: "bubblewrap (bwrap) is not installed", Zh: "没有安装 bubblewrap（bwrap）"}
	msgNoTrue       = i18n.Text{En: "finding true(1) to try the sandbox with: %v", Zh: "找不到用来试用沙箱的 true(1)：%v"}
	msgProbe        = i18n.Text{En: "trying the sandbox: %v", Zh: "试用沙箱时出错：%v"}
	msgOldBwrap     = i18n.Text{En: "it reported no exit status on --json-status-fd (bubblewrap 0.5 or later is needed)", Zh: "它没有通过 --json-status-fd 报告退出状态（需要 bubblewrap 0.5 或更高版本）"}
	msgSandboxEtc   = i18n.Text{En: "writing the sandbox's /etc: %v", Zh: "写入沙箱的 /etc 时出错：%v"}
	msgBwrapRefused = i18n.Text{En: "bwrap cannot make the sandbox here: %s", Zh: "bwrap 无法在这里建立沙箱：%s"}

	msgNoCgroupV2     = i18n.Text{En: "this process is in no cgroup v2", Zh: "本进程不在任何 cgroup v2 中"}
	msgNotCgroupV2    = i18n.Text{En: "%s is not cgroup v2", Zh: "%s 不是 cgroup v2"}
	msgNoController   = i18n.Text{En: "the %s controller is not handed to this cgroup (%s)", Zh: "%s 控制器没有下放给这个 cgroup（%s）"}
	msgNotDelegated   = i18n.Text{En: "this cgroup is not delegated to this user: %v", Zh: "这个 cgroup 没有委派给当前用户：%v"}
	msgMoveGrader     = i18n.Text{En: "moving the grader into %s: %v", Zh: "把评分程序移入 %s 时出错：%v"}
	msgHandDown       = i18n.Text{En: "handing the controllers down from %s (other processes share it?): %v", Zh: "从 %s 向下传递控制器时出错（还有别的进程在用它？）：%v"}
	msgNoTrueCgroup   = i18n.Text{En: "finding true(1) to try a cgroup with: %v", Zh: "找不到用来试用 cgroup 的 true(1)：%v"}
	msgStartInCgroup  = i18n.Text{En: "starting a process in a cgroup of the grader's: %v", Zh: "在评分程序的 cgroup 中启动进程时出错：%v"}
	msgCgroupsLinux   = i18n.Text{En: "cgroups exist on Linux only", Zh: "cgroup 只有 Linux 才有"}
	msgMakeRunCgroup  = i18n.Text{En: "making the run's cgroup: %v", Zh: "创建这次运行的 cgroup 时出错：%v"}
	msgBoundRunCgroup = i18n.Text{En: "bounding the run's cgroup (%s): %v", Zh: "为这次运行的 cgroup 设置上限（%s）时出错：%v"}
	msgOpenRunCgroup  = i18n.Text{En: "opening the run's cgroup: %v", Zh: "打开这次运行的 cgroup 时出错：%v"}

	// Said by the -toolexec program in the language its second argument
	// names (en, zh or both).
	msgBuildMemory = i18n.Text{En: "workbook grade: %s used more than %s of memory, the grader's limit for one program of the build, and was stopped", Zh: "workbook grade：%s 使用的内存超过了 %s（评分程序对构建中单个程序的限制），已被终止"}

	// Why a run's attestation was not taken (AttestationText).
	msgNoAttestation   = i18n.Text{En: "no attestation was written", Zh: "没有写出校验结果"}
	msgNotSigned       = i18n.Text{En: "the attestation is not signed with the run's key", Zh: "校验结果不是用这次运行的密钥签名的"}
	msgAttTooLarge     = i18n.Text{En: "the attestation is too large", Zh: "校验结果过大"}
	msgAttMalformed    = i18n.Text{En: "the attestation is malformed", Zh: "校验结果格式不正确"}
	msgAttBadSignature = i18n.Text{En: "the attestation's signature is malformed", Zh: "校验结果的签名格式不正确"}

	msgSandboxMode = i18n.Text{En: "%q is not a sandbox mode (auto, on or off)", Zh: "%q 不是沙箱模式（应为 auto、on 或 off）"}
	msgMemory      = i18n.Text{En: "%q is not an amount of memory (such as 1GiB or 512MiB)", Zh: "%q 不是内存大小（应形如 1GiB 或 512MiB）"}
)
