#!/usr/bin/env python3
"""Classroom 50 autograder for the workbook: grades the learner's checkout
with `workbook grade`, by the course's own tests.

Classroom 50's runner starts this file with the learner's checkout as its
working directory and CLASSROOM50_BUNDLE_DIR naming the folder it was
published in (the assignment's autograders/<slug>/ folder of the classroom's
configuration repository). That folder holds this file and course/, the
instructor's copy of the workbook without solutions/ or book/: the trusted
copy, whose tests, go.mod and go.sum grade the learner's files.

It writes, in the working directory, result.json (schema
classroom50/result/v1, from `--format classroom50`) and release-body.md
(from `--format markdown`: the table of points and each failing test with
its reason), both from one grading; the grader's text report goes to the
log. It exits 0 when grading completed, whatever the score, and non-zero
when it could not grade, which the runner records as an error.

Variables: WORKBOOK_LANG (en, zh or both; default DEFAULT_LANG); WORKBOOK, a built
workbook command to use instead of building one from course/.
"""

import glob
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

# The language of the reports (en, zh or both) when WORKBOOK_LANG is not
# set: the runner's environment is not the instructor's to set, so a course
# taught in Chinese changes it here, in its copy.
DEFAULT_LANG = "en"

# GitHub refuses a release whose body is longer than 125,000 characters;
# past this, the runner's own table stands in for the body.
MAX_RELEASE_BODY = 120_000


def fail(en, zh):
    """Says why nothing was graded, in both languages, and stops."""
    print(f"::error title=workbook grade::{en}%0A{zh}", flush=True)
    sys.exit(1)


def main():
    bundle = pathlib.Path(os.environ.get("CLASSROOM50_BUNDLE_DIR") or pathlib.Path(__file__).resolve().parent)
    course = bundle / "course"
    if not (course / "workbook.toml").is_file():
        fail(f"the autograder's folder {bundle} has no course/workbook.toml: publish the course beside autograder.py, as the README says",
             f"自动评分程序所在的文件夹 {bundle} 中没有 course/workbook.toml：请按 README 的说明，把课程放在 autograder.py 旁边发布")
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="workbook-"))
    workbook = os.environ.get("WORKBOOK")
    if not workbook:
        workbook = str(scratch / "workbook")
        if subprocess.run(["go", "build", "-o", workbook, "./runner/cmd/workbook"], cwd=course).returncode != 0:
            fail("the workbook command did not build: is Go installed? (the assignment's runtime needs \"go\")",
                 "workbook 命令构建失败：是否安装了 Go？（作业的 runtime 需要设置 \"go\"）")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # The sandbox (bubblewrap) needs user namespaces, which Ubuntu 24.04
        # runners forbid unless this switch is off; the VM is the job's own.
        subprocess.run(["sudo", "-n", "sysctl", "-qw", "kernel.apparmor_restrict_unprivileged_userns=0"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    out = scratch / "report"
    lang = os.environ.get("WORKBOOK_LANG") or DEFAULT_LANG
    graded = subprocess.run([workbook, "grade", "--format", "classroom50,markdown", "--lang", lang,
                             "--out", str(out), os.getcwd()], cwd=course)
    if graded.returncode != 0:
        sys.exit(graded.returncode)
    results = glob.glob(str(out / "*.classroom50.json"))
    if len(results) != 1:
        fail(f"the grader wrote {len(results)} results instead of one", f"评分程序写出了 {len(results)} 份结果，而不是一份")
    shutil.copyfile(results[0], "result.json")
    bodies = glob.glob(str(out / "*.md"))
    if len(bodies) == 1 and os.path.getsize(bodies[0]) <= MAX_RELEASE_BODY:
        shutil.copyfile(bodies[0], "release-body.md")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
