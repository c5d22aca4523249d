package branchbot

import _ "embed"

// SampleQuizBank is quiz_bank.example.yaml, the question bank shipped with
// branchbot: questions on the sections of SampleHandbook, built in for the
// demo and used when a branch studies the sample handbook and names no bank
// of its own.
//
//go:embed quiz_bank.example.yaml
var SampleQuizBank []byte
