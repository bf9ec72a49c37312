#!/usr/bin/env bash
# grade-submission.sh FORMAT SUBMISSION RESULTS: grades one submission, as a
# grading platform delivers it, with the course in the current folder, and
# writes the document of --format FORMAT to the file RESULTS. Gradescope's
# run_autograder and PrairieLearn's entrypoint both run it; what it prints
# is the platform's log for the instructor: the whole text report.
#
# SUBMISSION is the folder the platform filled: the repository's files
# themselves, one folder holding them (a repository's ZIP, unpacked), or one
# .zip of either. WORKBOOK_BIN is the workbook program (default: workbook on
# PATH), WORKBOOK_LANG the language of the report (en, zh or both).
set -uo pipefail
if [ $# -ne 3 ]; then
  echo "usage: grade-submission.sh FORMAT SUBMISSION RESULTS" >&2
  exit 2
fi
format=$1 submission=$2 results=$3
workbook=${WORKBOOK_BIN:-workbook}
lang=${WORKBOOK_LANG:-en}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# workbook grade takes the folder and a repository's folder inside it, or
# a .zip of either (unpacked by the grader, bounded and without links); a
# folder that holds nothing but one .zip is given as that .zip.
target=$submission
shopt -s nullglob
entries=("$submission"/*)
shopt -u nullglob
if [ ${#entries[@]} -eq 1 ] && [ -f "${entries[0]}" ] && [[ ${entries[0]} == *.[zZ][iI][pP] ]]; then
  target=${entries[0]}
fi

mkdir "$scratch/out"
"$workbook" grade --format "$format" --lang "$lang" --out "$scratch/out" "$target"
status=$?
# 0: graded. Anything else: the grading could not run (the course or the
# machine is wrong, not the submission), and the platform says its grader
# failed rather than record a grade.
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
mkdir -p "$(dirname "$results")"
# Written last, over anything the submission's code may have put there.
mv -f "$scratch"/out/*."$format".json "$results"
