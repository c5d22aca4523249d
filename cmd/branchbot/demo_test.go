package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDemoDeterministic runs the demo twice at once and compares the
// outputs: for one seed they must be the same, byte for byte.
func TestDemoDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the 14-day demo twice, ~30 s")
	}
	t.Parallel()
	bin := buildChildBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var (
		wg   sync.WaitGroup
		outs [2]bytes.Buffer
		errs [2]error
	)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.CommandContext(ctx, bin, "demo")
			cmd.Stdout = &outs[i]
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				errs[i] = &demoRunError{err: err, stderr: stderr.String()}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	a, b := outs[0].String(), outs[1].String()
	if a != b {
		al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := 0; i < len(al) && i < len(bl); i++ {
			if al[i] != bl[i] {
				t.Fatalf("two runs differ at line %d:\n%s\n%s", i+1, al[i], bl[i])
			}
		}
		t.Fatalf("two runs differ in length: %d and %d lines", len(al), len(bl))
	}
	for _, s := range []string{"── 12月1日 周二 / Tue 1 Dec ──", "刘伟 按下 / presses", "=== 书记的对话", "=== 最终学习统计", "none violating it",
		"已登记事项 #1 的谈话（2026-12-03，面谈）", "逾期未谈的谈心谈话事项 1 项",
		"（截止后补充，已记入审计日志）", "决定：12月下旬召开组织生活会并开展民主评议"} {
		if !strings.Contains(a, s) {
			t.Errorf("the demo's output lacks %q", s)
		}
	}
}

type demoRunError struct {
	err    error
	stderr string
}

func (e *demoRunError) Error() string { return "demo: " + e.err.Error() + "\n" + e.stderr }
