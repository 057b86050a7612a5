package queries

import _ "embed"

// Style is the Neo4j Browser style (GraSS) for bcgraph's labels and
// relationship types: paste it after :style in Browser.
//
//go:embed browser/bcgraph.grass
var Style string

// Guide is a Neo4j Browser guide (the HTML slide format Browser's :play
// command shows) walking a newcomer through the canned analyses.
//
//go:embed browser/guide.html
var Guide string
