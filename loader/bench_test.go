package loader

import "testing"

// BenchmarkEmbedded measures what every command pays before answering:
// parsing, validating and indexing the embedded dataset.
func BenchmarkEmbedded(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRestoreX100 measures what a second command on a 100x --seeds
// folder pays before answering, less hashing the files: decoding its
// cached snapshot and restoring the graph.
func BenchmarkRestoreX100(b *testing.B) {
	_, g := replicated(b, 100)
	data := snapshotOf("h", g)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := restore(data, "h"); !ok {
			b.Fatal("restore failed")
		}
	}
}
