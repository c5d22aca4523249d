// Package chart draws the branch's pictures as PNG images with
// gonum.org/v1/plot: the daily study completion rate over a month, one
// line per party group and one for the branch, and the attendance of
// each meeting as bars.
//
// Labels are drawn with a font that has Chinese characters when one is
// found (Find); without one a Painter draws with plot's own Latin fonts
// and says so (CJK reports false), so the caller gives English labels.
package chart
