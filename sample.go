package branchbot

import _ "embed"

// SampleHandbook is handbook.example.yaml, the study handbook shipped with
// branchbot, built in so that `branchbot demo` runs from anywhere.
//
//go:embed handbook.example.yaml
var SampleHandbook []byte
