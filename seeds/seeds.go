// Package seeds embeds the curated dataset so that bcgraph works with no files
// beside the binary. The YAML files here are the source of truth; loader reads them.
package seeds

import "embed"

// Files holds every seed file: places.yaml, organizations.yaml, sources.yaml
// and one file per chapter (ch1.yaml … ch5.yaml).
//
//go:embed *.yaml
var Files embed.FS

// Snapshot is the YAML parsed ahead of time (go test ./loader -run TestSnapshot -update
// writes it), so commands start fast. It is used only while its hash matches Files.
//
//go:embed dataset.snapshot
var Snapshot []byte
