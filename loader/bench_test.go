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
