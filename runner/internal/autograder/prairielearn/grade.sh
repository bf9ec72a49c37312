#!/usr/bin/env bash
# The external grader's entrypoint (info.json's externalGradingOptions):
# PrairieLearn puts the learner's upload in /grade/student and reads
# /grade/results/results.json. It grades the upload with the course built
# into the image (/workbook). Each path can be changed by an environment
# variable, so that a test can run it in a temporary folder laid out as
# PrairieLearn lays out /grade.
set -uo pipefail
grade_dir=${WORKBOOK_GRADE:-/grade}
course=${WORKBOOK_COURSE:-/workbook}
here=$(dirname "$(readlink -f "$0")")
export WORKBOOK_BIN=${WORKBOOK_BIN:-/usr/local/bin/workbook}
export WORKBOOK_LANG=${WORKBOOK_LANG:-both}
cd "$course" || exit 2
exec bash "$here/grade-submission.sh" prairielearn "$grade_dir/student" "$grade_dir/results/results.json"
