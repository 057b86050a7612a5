package graph

import (
	"math/rand/v2"
	"testing"
)

func TestNormalizeASCIIAgreesWithTheUnicodePath(t *testing.T) {
	var inputs []string
	for a := 0; a < 128; a++ {
		for _, b := range []byte{'a', 'Z', '7', ' ', '.', '\'', '-', 0} {
			inputs = append(inputs, string([]byte{byte(a), b}), string([]byte{b, byte(a), 'x'}))
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		b := make([]byte, rng.IntN(20))
		for j := range b {
			b[j] = byte(rng.IntN(128))
		}
		inputs = append(inputs, string(b))
	}
	inputs = append(inputs, "B.N.T.U.", "  Mogilev   Region ", "O'Neill's", "Grodno-Region", "")
	for _, s := range inputs {
		if got, want := normalizeASCII(s), normalizeRunes(s); got != want {
			t.Errorf("normalizeASCII(%q) = %q, normalizeRunes %q", s, got, want)
		}
	}
}
