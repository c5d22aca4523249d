package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot/store"
)

func TestOpenLockedInProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	createMembers(t, db, "张三")

	for _, ro := range []bool{false, true} {
		t.Run(fmt.Sprintf("read-only=%v", ro), func(t *testing.T) {
			const timeout = 200 * time.Millisecond
			start := time.Now()
			_, err := store.Open(path, store.Options{Now: newClock().Now, LockTimeout: timeout, ReadOnly: ro})
			elapsed := time.Since(start)
			if !errors.Is(err, store.ErrLocked) {
				t.Fatalf("second Open: %v, want ErrLocked", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			// bbolt polls the lock every 50 ms and gives up one poll early.
			if elapsed < timeout-100*time.Millisecond || elapsed > timeout+2*time.Second {
				t.Errorf("second Open gave up after %v, want about %v", elapsed, timeout)
			}
		})
	}

	// The first handle is unharmed, and once it is closed the file opens.
	view(t, db, func(tx *store.Tx) error {
		_, err := tx.MemberByTelegramID(1001)
		return err
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	openAt(t, path)
}

// helperEnv switches the test binary into the helper process of
// TestOpenLockedByOtherProcess: its value is the database to open.
const helperEnv = "BRANCHBOT_STORE_LOCK_HELPER"

// TestLockHelperProcess is not a real test: it is the second process of
// TestOpenLockedByOtherProcess. It opens the database with a 1 s lock
// timeout and reports what happened on stdout.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process for TestOpenLockedByOtherProcess")
	}
	db, err := store.Open(path, store.Options{Now: newClock().Now, LockTimeout: time.Second})
	switch {
	case errors.Is(err, store.ErrLocked):
		fmt.Printf("locked: %v\n", err)
	case err != nil:
		fmt.Printf("error: %v\n", err)
	default:
		db.Close()
		fmt.Println("opened")
	}
	os.Exit(0)
}

// TestOpenLockedByOtherProcess runs a second process on the same file: it
// must give up with ErrLocked after its lock timeout, not wait forever,
// and open the file once the first process let go of it.
func TestOpenLockedByOtherProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("in the helper process")
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	createMembers(t, db, "张三")

	helper := func() (string, time.Duration) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLockHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperEnv+"="+path)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		elapsed := time.Since(start)
		if ctx.Err() != nil {
			t.Fatalf("the helper process did not exit within 5 s; output:\n%s", out)
		}
		if err != nil {
			t.Fatalf("helper process: %v; output:\n%s", err, out)
		}
		return string(out), elapsed
	}

	out, elapsed := helper()
	if !strings.HasPrefix(out, "locked: ") {
		t.Fatalf("second process: %q, want ErrLocked", out)
	}
	if !strings.Contains(out, path) {
		t.Errorf("second process's error %q does not name the file", out)
	}
	if elapsed < 900*time.Millisecond {
		t.Errorf("second process gave up after %v, before its 1 s lock timeout", elapsed)
	}

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if out, _ := helper(); !strings.HasPrefix(out, "opened") {
		t.Errorf("after the first process closed the file, the second: %q", out)
	}
}
