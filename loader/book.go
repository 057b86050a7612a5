package loader

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNoBook means the book was neither given nor found beside the project.
var ErrNoBook = errors.New("book not found")

// FindBook returns the path of the book's text: the BCGRAPH_BOOK variable if
// set, else the single *.txt in shared/book beside the working directory or
// beside any of its parents (the layout the project is developed and tested in).
// The book is never part of the project; it is only read to check quotes.
func FindBook() (string, error) {
	if p := os.Getenv("BCGRAPH_BOOK"); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find book: %w", err)
	}
	for {
		matches, _ := filepath.Glob(filepath.Join(dir, "..", "shared", "book", "*.txt"))
		if len(matches) == 1 {
			return matches[0], nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("find book: no ../shared/book/*.txt above the working directory: %w", ErrNoBook)
		}
		dir = parent
	}
}
