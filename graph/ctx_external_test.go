package graph_test

import "context"

// ctx is the context the tests pass to the analyses: nothing cancels it.
var ctx = context.Background()

// must returns v, panicking (which fails the test) on an error the test does
// not expect.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
