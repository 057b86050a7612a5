package graph

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// fixture builds small hand-checked graphs: entities are "id:Label" or
// "id:Label:in", ties are "from TYPE to [year]"; every tie gets a quote.
func fixture(t *testing.T, entities []string, ties []string) *Graph {
	t.Helper()
	var es []*Entity
	for _, s := range entities {
		f := strings.Split(s, ":")
		e := &Entity{ID: f[0], Label: f[1], Name: strings.ToUpper(f[0][:1]) + f[0][1:]}
		if len(f) > 2 {
			e.In = f[2]
		}
		switch e.Label {
		case LabelProvince:
			e.Country = "CN"
		case LabelRegion:
			e.Country = "BY"
		}
		if IsOccasion(e.Label) {
			e.Quote = "q"
		}
		es = append(es, e)
	}
	var ts []*Tie
	for _, s := range ties {
		f := strings.Fields(s)
		tie := &Tie{From: f[0], Type: f[1], To: f[2], Evidence: Evidence{Quote: "q", Chapter: 1}}
		if len(f) > 3 {
			if f[3] == "ref" {
				tie.Reference, tie.Quote = true, ""
			} else {
				d, err := ParseDate(f[3])
				if err != nil {
					t.Fatal(err)
				}
				tie.Date = d
			}
		}
		ts = append(ts, tie)
	}
	g, err := New(es, ts, nil)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return g
}

func TestParseDateAcceptsTheBooksPrecisions(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{"2019", "2019", false},
		{"2019-05", "2019-05", false},
		{"2016-02-29", "2016-02-29", false},
		{"2017-02-29", "", true},
		{"2019-13", "", true},
		{"19", "", true},
		{"2019-5", "", true},
		{"May 2019", "", true},
		{"", "", false},
	} {
		d, err := ParseDate(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("ParseDate(%q) error = %v, want error %v", tc.in, err, tc.bad)
			continue
		}
		if d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tc.in, d, tc.want)
		}
	}
}

func TestNewReportsEveryProblemWithItsPosition(t *testing.T) {
	pos := func(line int) Pos { return Pos{File: "x.yaml", Line: line} }
	es := []*Entity{
		{ID: "a", Label: LabelCity, Name: "A", Aliases: []string{"Shared"}, Pos: pos(1)},
		{ID: "a", Label: LabelCity, Name: "A again", Pos: pos(2)},
		{ID: "b", Label: "Planet", Name: "B", Aliases: []string{"Shared"}, Pos: pos(3)},
		{ID: "c", Label: LabelCity, Name: "C", In: "nowhere", Pos: pos(4)},
		{ID: "Bad Id", Label: LabelCity, Name: "D", Pos: pos(5)},
		{ID: "ag", Label: LabelAgreement, Name: "Agreement", Pos: pos(6)},
	}
	ts := []*Tie{
		{From: "a", Type: "LIKES", To: "c", Evidence: Evidence{Quote: "q"}, Pos: pos(10)},
		{From: "a", Type: PartyTo, To: "ghost", Evidence: Evidence{Quote: "q"}, Pos: pos(11)},
		{From: "a", Type: PartyTo, To: "ag", Pos: pos(12)},
		{From: "c", Type: PartyTo, To: "ag", Status: "maybe", Evidence: Evidence{Quote: "q", Footnotes: []int{99}}, Pos: pos(13)},
	}
	_, err := New(es, ts, nil)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("New = %v, want a *ValidationError", err)
	}
	want := []string{
		`x.yaml:2: duplicate entity id "a"`,
		`x.yaml:3: entity "b" has unknown label "Planet"`,
		`x.yaml:4: entity "c": in "nowhere" is not a known entity`,
		`x.yaml:5: entity "Bad Id": id must be a lowercase slug`,
		`x.yaml:6: entity "ag" is an Agreement and needs a quote`,
		`x.yaml:10: tie a -LIKES-> c has unknown type "LIKES"`,
		`x.yaml:11: tie a -PARTY_TO-> ghost: "ghost" is not a known entity`,
		`x.yaml:12: tie a -PARTY_TO-> ag is a book tie without a quote`,
		`x.yaml:13: tie c -PARTY_TO-> ag cites footnote 99, which is not in the sources`,
		`x.yaml:13: tie c -PARTY_TO-> ag has status "maybe"`,
		`alias "shared" also names a, b: mark it ambiguous`,
	}
	all := ""
	for _, p := range verr.Problems {
		all += p.String() + "\n"
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q; got:\n%s", w, all)
		}
	}
}

func TestCheckQuotesIgnoresTypesettingButNotWording(t *testing.T) {
	book := "In 2016 the  parties<sup>12</sup> signed\na **memorandum** worth \\$5 billion."
	g := fixture(t, []string{"a:City", "b:City"}, nil)
	for _, tc := range []struct {
		quote string
		ok    bool
	}{
		{"the parties signed a memorandum worth $5 billion", true},
		{"parties signed a memorandum", true},
		{"the parties signed an agreement", false},
		{"In 2017 the parties", false},
	} {
		g.Ties = []*Tie{{ID: "t", From: "a", To: "b", Type: CooperatesWith, Evidence: Evidence{Quote: tc.quote}}}
		if got := len(g.CheckQuotes(book)) == 0; got != tc.ok {
			t.Errorf("quote %q found = %v, want %v", tc.quote, got, tc.ok)
		}
	}
}

func TestResolveFindsNamesAcrossSpellingsAndRefusesAmbiguity(t *testing.T) {
	es := []*Entity{
		{ID: "mogilev", Label: LabelCity, Name: "Mogilev", Aliases: []string{"Mahiliou"}, RU: "Могилёв"},
		{ID: "mogilev-region", Label: LabelRegion, Name: "Mogilev Region", Aliases: []string{"Mahiliou voblast"}},
		{ID: "jilin", Label: LabelProvince, Name: "Jilin", ZH: "吉林"},
		{ID: "jilin-city", Label: LabelCity, Name: "Jilin City", Aliases: []string{"Jilin"}, Ambiguous: []string{"Jilin"}},
		{ID: "gs-park", Label: LabelIndustrialPark, Name: "Great Stone Park", Aliases: []string{"Great Stone"}, Ambiguous: []string{"Great Stone"}},
		{ID: "gs-fund", Label: LabelFund, Name: "Great Stone Fund", Aliases: []string{"Great Stone"}, Ambiguous: []string{"Great Stone"}},
		{ID: "bntu", Label: LabelUniversity, Name: "Belarusian National Technical University", Aliases: []string{"BNTU"}},
		{ID: "brno", Label: LabelCity, Name: "Brno"},
	}
	g, err := New(es, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query, want string
		kind        error
	}{
		{"BNTU", "bntu", nil},
		{"bntu", "bntu", nil},
		{"b.n.t.u.", "bntu", nil},
		{"Mahiliou", "mogilev", nil},
		{"MAHILIOU  VOBLAST", "mogilev-region", nil},
		{"Могилев", "mogilev", nil},  // ё and е are one letter to a searcher
		{"Mogilyov", "mogilev", nil}, // transliteration variant
		{"Mahilioŭ", "mogilev", nil}, // diacritics
		{"吉林", "jilin", nil},
		{"Jilin", "jilin", nil}, // a weak alias yields to a name
		{"Great Stone", "", ErrAmbiguous},
		{"Belarusian Technical", "", ErrNotFound},
		{"Xyzzy", "", ErrNotFound},
	} {
		e, err := g.Resolve(tc.query)
		switch {
		case tc.kind != nil && !errors.Is(err, tc.kind):
			t.Errorf("Resolve(%q) error = %v, want %v", tc.query, err, tc.kind)
		case tc.kind == nil && err != nil:
			t.Errorf("Resolve(%q) error = %v", tc.query, err)
		case tc.kind == nil && e.ID != tc.want:
			t.Errorf("Resolve(%q) = %s, want %s", tc.query, e.ID, tc.want)
		}
	}
	var nerr *NameError
	if _, err := g.Resolve("Belarusian Technical"); !errors.As(err, &nerr) || len(nerr.Candidates) == 0 || nerr.Candidates[0].Entity.ID != "bntu" {
		t.Errorf("an unknown name should suggest BNTU first, got %v", err)
	}
}

func TestFindRanksExactBeforeFuzzy(t *testing.T) {
	g := fixture(t, []string{"lanzhou:City", "lanzhou-university:University", "guangzhou:City"}, nil)
	m := g.Find("LANZHOU", 0)
	if len(m) < 2 || m[0].Entity.ID != "lanzhou" || m[0].Score != 0.95 {
		t.Fatalf("Find(LANZHOU) = %v, want lanzhou first with 0.95", m)
	}
	for i := 1; i < len(m); i++ {
		if m[i].Score > m[i-1].Score {
			t.Errorf("matches not sorted by score: %v", m)
		}
	}
}

func pathIDs(ps []Path) []string {
	var out []string
	for _, p := range ps {
		var ids []string
		for _, n := range p.Nodes {
			ids = append(ids, n.ID)
		}
		out = append(out, strings.Join(ids, ">"))
	}
	return out
}

func TestPathsHonourHubsLimitsAndFilters(t *testing.T) {
	g := fixture(t,
		[]string{"belarus:Country", "a:University", "b:University", "c:Company", "d:City", "ag:Agreement", "far:City"},
		[]string{
			"a PARTY_TO ag 2016", "b PARTY_TO ag 2016",
			"a COOPERATES_WITH c 2014", "c COOPERATES_WITH b",
			"b LOCATED_IN d ref",
			"a LOCATED_IN belarus ref", "d LOCATED_IN belarus ref",
		})
	for _, tc := range []struct {
		name     string
		from, to string
		opt      PathOptions
		want     []string
	}{
		{"all shortest, both ways round", "a", "b", PathOptions{Exclude: DefaultExcluded()}, []string{"a>ag>b", "a>c>b"}},
		{"country hubs excluded by default", "a", "d", PathOptions{Exclude: DefaultExcluded()}, []string{"a>ag>b>d", "a>c>b>d"}},
		{"country hubs when asked", "a", "d", PathOptions{}, []string{"a>belarus>d"}},
		{"k shortest loopless", "a", "d", PathOptions{K: 3}, []string{"a>belarus>d", "a>ag>b>d", "a>c>b>d"}},
		{"exclude a label", "a", "b", PathOptions{Exclude: []string{"belarus", LabelAgreement}}, []string{"a>c>b"}},
		{"exclude an entity", "a", "b", PathOptions{Exclude: []string{"belarus", "c"}}, []string{"a>ag>b"}},
		{"since drops earlier and undated ties", "a", "b", PathOptions{Exclude: DefaultExcluded(), Window: Window{Since: 2015}}, []string{"a>ag>b"}},
		{"until drops later ties", "a", "b", PathOptions{Exclude: []string{"belarus", "c"}, Window: Window{Until: 2015}}, nil},
		{"book only drops reference geography", "a", "d", PathOptions{BookOnly: true}, nil},
		{"max hops", "a", "d", PathOptions{Exclude: DefaultExcluded(), MaxHops: 2}, nil},
		{"disconnected", "a", "far", PathOptions{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := g.Paths(ctx, tc.from, tc.to, tc.opt)
			if tc.want == nil {
				if !errors.Is(err, ErrNoPath) {
					t.Fatalf("Paths = %v, %v; want ErrNoPath", pathIDs(ps), err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := pathIDs(ps); strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("Paths = %v, want %v", got, tc.want)
			}
			for _, p := range ps {
				for i, tie := range p.Ties {
					a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
					if !(tie.From == a && tie.To == b) && !(tie.From == b && tie.To == a) {
						t.Errorf("hop %d of %v is shown with tie %s", i, pathIDs([]Path{p}), tie.ID)
					}
				}
			}
		})
	}
}

func TestProvinceCentralityOnAHandCheckedProjection(t *testing.T) {
	// Projection: P2 – R1 – P1 – R2, a path of four units.
	g := fixture(t,
		[]string{"china:Country", "belarus:Country",
			"p1:Province:china", "p2:Province:china", "p3:Province:china",
			"r1:Region:belarus", "r2:Region:belarus",
			"c1:City:p1", "o1:University:c1", "b1:University:r1", "ag:Agreement"},
		[]string{
			"o1 PARTY_TO ag 2016", "b1 PARTY_TO ag 2016", // o1 (in P1) with b1 (in R1), through the agreement
			"p2 COOPERATES_WITH r1 2017",
			"p1 TWINNED_WITH r2 2018",
			"o1 COOPERATES_WITH b1 2019", // a second P1–R1 link
		})
	rows := must(g.ProvinceCentrality(ctx, Window{}))
	got := map[string]CentralityRow{}
	for _, r := range rows {
		got[r.Entity.ID] = r
	}
	end, mid := 10.0/57, 37.0/114 // PageRank of a 4-node path, solved by hand
	for _, tc := range []struct {
		id             string
		partners, ties int
		bet, pr        float64
	}{
		{"p1", 2, 3, 2, mid},
		{"p2", 1, 1, 0, end},
		{"p3", 0, 0, 0, 0},
	} {
		r, ok := got[tc.id]
		if !ok {
			t.Fatalf("no row for %s", tc.id)
		}
		if r.Partners != tc.partners || r.Ties != tc.ties || math.Abs(r.Betweenness-tc.bet) > 1e-9 || math.Abs(r.PageRank-tc.pr) > 1e-9 {
			t.Errorf("%s = partners %d ties %d betweenness %g pagerank %g; want %d %d %g %g",
				tc.id, r.Partners, r.Ties, r.Betweenness, r.PageRank, tc.partners, tc.ties, tc.bet, tc.pr)
		}
	}
	rows = must(g.ProvinceCentrality(ctx, Window{Since: 2018}))
	for _, r := range rows {
		if r.Entity.ID == "p1" && (r.Ties != 2 || r.Partners != 2) {
			t.Errorf("since 2018, p1 should keep the 2018 and 2019 links, got ties %d partners %d", r.Ties, r.Partners)
		}
	}
}

func TestPartnersGroupsCounterpartsWithTheirEarliestDate(t *testing.T) {
	g := fixture(t,
		[]string{"belarus:Country", "r1:Region:belarus", "city:City:r1", "firm:Company:city", "x:University", "y:Company", "ag:Agreement"},
		[]string{"firm PARTY_TO ag 2017-05", "x PARTY_TO ag 2017-05", "r1 COOPERATES_WITH x 2015", "firm SUPPLIES y 2019", "city COOPERATES_WITH firm 2014"})
	direct := must(g.Partners(ctx, "r1", PartnerOptions{}))
	if len(direct) != 1 || direct[0].Entity.ID != "x" || direct[0].Since.String() != "2015" {
		t.Fatalf("direct partners of r1 = %+v, want x since 2015", direct)
	}
	rolled := must(g.Partners(ctx, "r1", PartnerOptions{Rollup: true}))
	var ids []string
	for _, p := range rolled {
		ids = append(ids, p.Entity.ID+"@"+p.Since.String())
	}
	if strings.Join(ids, " ") != "x@2015 y@2019" {
		t.Errorf("rolled-up partners of r1 = %v, want x@2015 y@2019 (city–firm is internal)", ids)
	}
}

func TestTimelineOrdersDatedOccasionsAndFiltersByPlace(t *testing.T) {
	g := fixture(t,
		[]string{"belarus:Country", "r1:Region:belarus", "firm:Company:r1", "x:University", "ag1:Agreement", "ev:Event", "ag2:Agreement"},
		[]string{"firm PARTY_TO ag1 2018", "x PARTY_TO ag1 2018", "x PARTICIPATED_IN ev 2016", "ev HELD_IN r1", "x PARTY_TO ag2"})
	var got []string
	for _, it := range must(g.Timeline(ctx, "r1", Window{})) {
		got = append(got, it.Entity.ID+"@"+it.Date.String())
	}
	if strings.Join(got, " ") != "ev@2016 ag1@2018" {
		t.Errorf("timeline of r1 = %v, want ev@2016 ag1@2018 (ag2 is undated)", got)
	}
}

func TestCommunitiesSplitTwoTrianglesAndRepeat(t *testing.T) {
	g := fixture(t, []string{"a:City", "b:City", "c:City", "d:City", "e:City", "f:City"},
		[]string{"a COOPERATES_WITH b", "b COOPERATES_WITH c", "a COOPERATES_WITH c", "c COOPERATES_WITH d",
			"d COOPERATES_WITH e", "e COOPERATES_WITH f", "d COOPERATES_WITH f"})
	comms, q, _ := g.Communities(ctx, CommunitySeed)
	if len(comms) != 2 {
		t.Fatalf("got %d communities, want 2", len(comms))
	}
	if math.Abs(q-5.0/14) > 1e-9 { // two triangles joined by one edge: Q = 2·(3/7 − 1/4)
		t.Errorf("modularity = %g, want %g", q, 5.0/14)
	}
	side := map[string]int{}
	for i, c := range comms {
		for _, m := range c.Members {
			side[m.ID] = i
		}
	}
	if side["a"] != side["b"] || side["b"] != side["c"] || side["d"] != side["e"] || side["a"] == side["d"] {
		t.Errorf("communities %v do not split {a,b,c} from {d,e,f}", side)
	}
}
