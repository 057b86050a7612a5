//go:build unix

package loader

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadDirRefusesARealFIFOAndALinkToDevZero uses the real things: a FIFO
// nobody writes to (opening it would block forever) and a link to /dev/zero
// (reading it would never end). A link to a regular file is read.
func TestReadDirRefusesARealFIFOAndALinkToDevZero(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(dir string) error
		kind error // nil: the folder reads
	}{
		{"a FIFO", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "x.yaml"), 0o644) }, ErrNotRegular},
		{"a link to /dev/zero", func(dir string) error { return os.Symlink("/dev/zero", filepath.Join(dir, "z.yaml")) }, ErrNotRegular},
		{"a link to a regular file", func(dir string) error {
			target := filepath.Join(t.TempDir(), "elsewhere.yaml")
			if err := os.WriteFile(target, []byte(chapter1), 0o644); err != nil {
				return err
			}
			return os.Symlink(target, filepath.Join(dir, "ch1.yaml"))
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "places.yaml"), []byte(places), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tc.make(dir); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := ReadDir(dir); done <- err }()
			select {
			case err := <-done:
				if !errors.Is(err, tc.kind) {
					t.Fatalf("ReadDir = %v, want %v", err, tc.kind)
				}
			case <-time.After(20 * time.Second):
				// A blocked open of the FIFO cannot be interrupted; unblock it so
				// that the test binary can exit.
				if f, err := os.OpenFile(filepath.Join(dir, "x.yaml"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
				t.Fatal("ReadDir did not return within 20 s")
			}
		})
	}
}
