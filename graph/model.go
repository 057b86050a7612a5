// Package graph holds bcgraph's domain: the entities and ties taken from the book,
// their validation, name resolution, and the in-process analyses (paths, centrality,
// partners, timeline, hubs, communities). It imports nothing else of bcgraph.
package graph

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Labels an entity may carry. Places first, then organizations, then the
// agreements, events and programs that are nodes in their own right.
const (
	LabelCountry        = "Country"
	LabelProvince       = "Province" // Chinese province-level unit
	LabelRegion         = "Region"   // Belarusian oblast
	LabelDistrict       = "District"
	LabelCity           = "City"
	LabelUniversity     = "University"
	LabelAcademy        = "Academy"
	LabelInstitute      = "Institute"
	LabelGovernmentBody = "GovernmentBody"
	LabelCompany        = "Company"
	LabelIndustrialPark = "IndustrialPark"
	LabelFund           = "Fund"
	LabelJointCenter    = "JointCenter"
	LabelAssociation    = "Association"
	LabelMedia          = "Media"
	LabelSchool         = "School"
	LabelHospital       = "Hospital"
	LabelBank           = "Bank"
	LabelOrganization   = "Organization"
	LabelAgreement      = "Agreement"
	LabelEvent          = "Event"
	LabelProgram        = "Program"
)

// labels lists every label in display order.
var labels = []string{
	LabelCountry, LabelProvince, LabelRegion, LabelDistrict, LabelCity,
	LabelUniversity, LabelAcademy, LabelInstitute, LabelGovernmentBody, LabelCompany,
	LabelIndustrialPark, LabelFund, LabelJointCenter, LabelAssociation, LabelMedia,
	LabelSchool, LabelHospital, LabelBank, LabelOrganization,
	LabelAgreement, LabelEvent, LabelProgram,
}

// Labels returns every label in display order (a copy: callers may keep it).
func Labels() []string { return append([]string(nil), labels...) }

// IsLabel reports whether s is a label, spelled exactly.
func IsLabel(s string) bool { return contains(labels, s) }

// OccasionLabels returns the labels of agreements, events and programs: the
// nodes whose parties are linked to them rather than to each other. The
// Cypher twins are written with this list, so the two engines cannot drift.
func OccasionLabels() []string { return []string{LabelAgreement, LabelEvent, LabelProgram} }

// TimelineLabels returns the labels a timeline lists: agreements and events,
// which happen on a date (programs run over years).
func TimelineLabels() []string { return []string{LabelAgreement, LabelEvent} }

// PlaceLabels returns the labels of geographic units.
func PlaceLabels() []string {
	return []string{LabelCountry, LabelProvince, LabelRegion, LabelDistrict, LabelCity}
}

// IsPlace reports whether label names a geographic unit.
func IsPlace(label string) bool { return contains(PlaceLabels(), label) }

// IsOccasion reports whether label names an agreement, event or program: nodes
// whose parties are linked to them rather than to each other.
func IsOccasion(label string) bool { return contains(OccasionLabels(), label) }

// Tie types, UPPER_SNAKE_CASE as Neo4j users expect.
const (
	PartyTo        = "PARTY_TO"
	ParticipatedIn = "PARTICIPATED_IN"
	Organized      = "ORGANIZED"
	HeldIn         = "HELD_IN"
	LocatedIn      = "LOCATED_IN"
	PartOf         = "PART_OF"
	Founded        = "FOUNDED"
	Hosts          = "HOSTS"
	ResidentOf     = "RESIDENT_OF"
	InvestedIn     = "INVESTED_IN"
	TwinnedWith    = "TWINNED_WITH"
	CooperatesWith = "COOPERATES_WITH"
	Supplies       = "SUPPLIES"
	Visited        = "VISITED"
	MemberOf       = "MEMBER_OF"
	Implements     = "IMPLEMENTS"
	Funds          = "FUNDS"
	// SignedAt says an agreement was signed at or during an event (an expo,
	// a forum, a visit): the book's wording, which PART_OF would overstate.
	SignedAt = "SIGNED_AT"
)

// tieTypes lists every tie type.
var tieTypes = []string{
	PartyTo, ParticipatedIn, Organized, HeldIn, LocatedIn, PartOf, Founded, Hosts,
	ResidentOf, InvestedIn, TwinnedWith, CooperatesWith, Supplies, Visited, MemberOf,
	Implements, Funds, SignedAt,
}

// IsStructural reports whether a tie type places something rather than relating
// two parties: such ties roll entities up to provinces and regions but are not
// cooperation in themselves.
func IsStructural(typ string) bool { return contains(StructuralTypes(), typ) }

// PlacingTypes returns the tie types that always place their From in their
// To; PART_OF places only when its To is a place (see Graph.Placing).
func PlacingTypes() []string { return []string{LocatedIn, HeldIn} }

// TieTypes returns every tie type, in display order.
func TieTypes() []string { return append([]string(nil), tieTypes...) }

// StructuralTypes returns the tie types that place things (see IsStructural).
func StructuralTypes() []string { return []string{LocatedIn, PartOf, HeldIn} }

// ParticipationTypes returns the tie types that make their From a party of
// the agreement, event or program they point to.
func ParticipationTypes() []string { return []string{PartyTo, ParticipatedIn, Organized, Implements} }

// Statuses returns the statuses a tie may carry, as the book words them.
func Statuses() []string {
	return []string{"signed", "agreed", "planned", "proposed", "under-discussion", "in-progress", "completed", "cancelled"}
}

// Pos is where a fact was written: the seed file and line.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.File == "" {
		return "(derived)"
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Date is as precise as the book gives it: a year, a year and month, or a day.
// The zero Date means the book gives none.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	var d Date
	if s == "" {
		return d, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return d, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || (i > 0 && len(p) != 2) {
			return d, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		nums[i] = n
	}
	d.Year = nums[0]
	if d.Year < 1900 || d.Year > 2100 {
		return Date{}, fmt.Errorf("date %q: year out of range", s)
	}
	if len(nums) > 1 {
		d.Month = nums[1]
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("date %q: month out of range", s)
		}
	}
	if len(nums) > 2 {
		d.Day = nums[2]
		if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return Date{}, fmt.Errorf("date %q: day out of range", s)
		}
	}
	return d, nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// IsZero reports whether the book gives no date.
func (d Date) IsZero() bool { return d.Year == 0 }

// ParseDates reads a date as the seed files write it: one date, or a range
// "START/END" ("2014/2015", "2014-09/2015-06") for what the book dates
// loosely, such as "in 2014–2015" or "the 2014/15 academic year". end is
// zero when s is a single date.
func ParseDates(s string) (start, end Date, err error) {
	a, b, isRange := strings.Cut(s, "/")
	if start, err = ParseDate(a); err != nil || !isRange {
		return start, Date{}, err
	}
	if a == "" || b == "" {
		return Date{}, Date{}, fmt.Errorf("date %q: a range needs both ends, START/END", s)
	}
	if end, err = ParseDate(b); err != nil {
		return Date{}, Date{}, err
	}
	if !start.Before(end) {
		return Date{}, Date{}, fmt.Errorf("date %q: the range must end after it starts", s)
	}
	return start, end, nil
}

// dateText writes a fact's date as the seed files do ("2014/2015"), "c. "
// before an approximate one.
func dateText(d, end Date, approx bool) string {
	s := d.String()
	if !end.IsZero() {
		s += "/" + end.String()
	}
	if approx && s != "" {
		s = "c. " + s
	}
	return s
}

// lastYear is the year a fact dated d (to end, when a range) ends in.
func lastYear(d, end Date) int {
	if !end.IsZero() {
		return end.Year
	}
	return d.Year
}

func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Before orders dates, undated last.
func (d Date) Before(o Date) bool {
	if d.IsZero() != o.IsZero() {
		return !d.IsZero()
	}
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// Evidence ties a statement to the book: a verbatim quote and the footnotes
// of the sentence it comes from.
type Evidence struct {
	Chapter   int
	Footnotes []int
	Quote     string
}

// quotes returns first, then also: every statement of one fact.
func quotes(first Evidence, also []Evidence) []Evidence {
	if first.Quote == "" && len(first.Footnotes) == 0 && len(also) == 0 {
		return nil
	}
	return append([]Evidence{first}, also...)
}

// allFootnotes returns the footnotes of every statement, sorted, each once.
func allFootnotes(first Evidence, also []Evidence) []int {
	if len(also) == 0 {
		return first.Footnotes
	}
	seen := map[int]bool{}
	var out []int
	for _, e := range quotes(first, also) {
		for _, n := range e.Footnotes {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Ints(out)
	return out
}

// Entity is anything the book names: a place, an organization, an agreement,
// an event or a program.
type Entity struct {
	ID      string
	Label   string
	Name    string // canonical English name
	Country string // ISO code; empty for bilateral or international bodies
	Aliases []string
	// Ambiguous lists the aliases that also name another entity; they never
	// resolve a name on their own.
	Ambiguous []string
	RU, ZH    string
	// In is reference geography: where the entity lies, from general knowledge
	// rather than the book. It becomes a LOCATED_IN tie marked Reference.
	In     string
	Date   Date
	End    Date // the end of a date range; zero for a single date
	Approx bool // the date is approximate or read off the article's date
	Status string
	Note   string
	Evidence
	// Also holds the book's later statements of the same thing: one entity
	// per real thing, every quote kept.
	Also []Evidence
	// Inferred marks the curator's reading rather than the book's words;
	// Note then says what the book says and what was inferred.
	Inferred bool
	Pos      Pos
}

// Names returns the canonical name, then every alias, then the Russian and Chinese names.
func (e *Entity) Names() []string {
	out := append([]string{e.Name}, e.Aliases...)
	if e.RU != "" {
		out = append(out, e.RU)
	}
	if e.ZH != "" {
		out = append(out, e.ZH)
	}
	return out
}

// IsAmbiguous reports whether alias is one of e's ambiguous names.
func (e *Entity) IsAmbiguous(alias string) bool {
	for _, a := range e.Ambiguous {
		if a == alias {
			return true
		}
	}
	return false
}

// Tie is one relationship the book states, or, when Reference is set, one
// piece of reference geography that the book does not state.
type Tie struct {
	ID        string
	Type      string
	From, To  string
	Date      Date
	End       Date // see Entity.End
	Approx    bool
	Status    string
	Role      string
	Reference bool
	Note      string
	Evidence
	Also     []Evidence // see Entity.Also
	Inferred bool       // see Entity.Inferred
	Pos      Pos
}

// FromBook reports whether the book itself states t: neither reference
// geography nor the curator's inference. --book-only keeps only these.
func (t *Tie) FromBook() bool { return !t.Reference && !t.Inferred }

// Quotes returns every statement of t in the book, the first one first.
func (t *Tie) Quotes() []Evidence { return quotes(t.Evidence, t.Also) }

// AllFootnotes returns the footnotes of every statement of t.
func (t *Tie) AllFootnotes() []int { return allFootnotes(t.Evidence, t.Also) }

// DateText is t's date as the book gives it: "2016-07", "2014/2015", "c. 1999".
func (t *Tie) DateText() string { return dateText(t.Date, t.End, t.Approx) }

// DateSpan is t's date or range without the approximation mark: "2014/2015".
func (t *Tie) DateSpan() string { return dateText(t.Date, t.End, false) }

// LastYear is the year t's date ends in (its range's end, or its year).
func (t *Tie) LastYear() int { return lastYear(t.Date, t.End) }

// Quotes returns every statement of e in the book, the first one first.
func (e *Entity) Quotes() []Evidence { return quotes(e.Evidence, e.Also) }

// AllFootnotes returns the footnotes of every statement of e.
func (e *Entity) AllFootnotes() []int { return allFootnotes(e.Evidence, e.Also) }

// DateSpan is e's date or range without the approximation mark.
func (e *Entity) DateSpan() string { return dateText(e.Date, e.End, false) }

// DateText is e's date as the book gives it (see Tie.DateText).
func (e *Entity) DateText() string { return dateText(e.Date, e.End, e.Approx) }

// Source is one of the book's footnotes: the news report a statement comes from.
type Source struct {
	N       int
	Chapter int
	Title   string
	Author  string
	Year    int
	URL     string
	Pos     Pos
}

// Graph is the whole dataset, validated and indexed.
type Graph struct {
	Entities []*Entity
	Ties     []*Tie
	Sources  map[int]*Source

	byID map[string]*Entity
	// ends holds, for tie i, the positions in Entities of its From and To
	// at 2i and 2i+1 (-1 for an end that is no entity): what the path view
	// is built from, without a name lookup per tie end. New and Restore
	// set it.
	ends []int32
	// The other indexes are built on first use: a command needs few of
	// them, and on a large dataset each costs more than answering.
	indexOnce sync.Once
	adj       map[string][]*Tie // every tie touching an entity, both directions
	parent    map[string]string // see Parent
	namesOnce sync.Once
	names     *nameIndex
	keys      [][]string  // normalized Names() of each entity, when New computed them
	views     viewCache   // path views by options, see Paths
	linkCache linkCache   // link graphs and their measures by window
	shorts    *shortState // see ShortName
	// measureStore keeps the open window's entity measures between
	// processes (SetMeasureStore).
	measureStore MeasureStore
}

// index builds adj and parent once.
func (g *Graph) index() {
	g.indexOnce.Do(func() {
		g.adj = make(map[string][]*Tie, len(g.Entities))
		for _, t := range g.Ties {
			g.adj[t.From] = append(g.adj[t.From], t)
			if t.To != t.From {
				g.adj[t.To] = append(g.adj[t.To], t)
			}
		}
		g.parent = g.parents()
	})
}

// nameIndex returns the name index, building it once.
func (g *Graph) nameIndex() *nameIndex {
	g.namesOnce.Do(func() {
		g.names = buildNameIndex(g.Entities, g.keys)
		g.keys = nil
	})
	return g.names
}

// Entity returns the entity with the given id, or nil.
func (g *Graph) Entity(id string) *Entity { return g.byID[id] }

// TiesOf returns every tie touching id, in dataset order.
func (g *Graph) TiesOf(id string) []*Tie {
	g.index()
	return g.adj[id]
}

// Placing reports whether t places something rather than relates two
// parties: a LOCATED_IN or HELD_IN tie, or PART_OF a place. A path may use
// such a tie only to roll one of its ends up to its place (see Paths), so two
// things are never "connected" because they lie in the same city.
func (g *Graph) Placing(t *Tie) bool { return placing(t, g.byID[t.To]) }

// placing is Placing for a tie whose To end is to (nil if unknown), for a
// caller that has the entity already.
func placing(t *Tie, to *Entity) bool {
	if contains(PlacingTypes(), t.Type) {
		return true
	}
	return t.Type == PartOf && to != nil && IsPlace(to.Label)
}

// InBook reports whether the book mentions an entity: it has a quote of its
// own or a tie the book states. An entity only reference geography places
// (a province the book never names) is not in the book.
func (g *Graph) InBook(id string) bool {
	if e := g.byID[id]; e != nil && e.Quote != "" {
		return true
	}
	for _, t := range g.TiesOf(id) {
		if !t.Reference {
			return true
		}
	}
	return false
}

// Other returns the end of t that is not id.
func (t *Tie) Other(id string) string {
	if t.From == id {
		return t.To
	}
	return t.From
}

// New validates the facts and builds the graph. Reference LOCATED_IN ties are
// derived from each entity's In field unless the book states the same location.
// Every problem is reported at once in a *ValidationError.
func New(entities []*Entity, ties []*Tie, sources []*Source) (*Graph, error) {
	g := &Graph{
		Entities: entities,
		Sources:  make(map[int]*Source, len(sources)),
		byID:     make(map[string]*Entity, len(entities)),
	}
	var problems []Problem
	for _, s := range sources {
		if prev, dup := g.Sources[s.N]; dup {
			problems = append(problems, Problem{s.Pos, fmt.Sprintf("duplicate footnote %d (first defined at %s)", s.N, prev.Pos)})
			continue
		}
		g.Sources[s.N] = s
	}
	for _, e := range entities {
		if prev, dup := g.byID[e.ID]; dup {
			problems = append(problems, Problem{e.Pos, fmt.Sprintf("duplicate entity id %q (first defined at %s)", Clip(e.ID), prev.Pos)})
			continue
		}
		g.byID[e.ID] = e
	}
	g.Ties = make([]*Tie, 0, len(ties)+len(entities))
	g.Ties = append(g.Ties, ties...)
	for _, t := range ties {
		if t.Reference {
			// Reference geography is not the book's statement: it belongs to
			// no chapter, whichever seed file holds it.
			t.Chapter = 0
		}
	}
	stated := make(map[[2]string]bool, len(ties)/8)
	for _, t := range ties {
		if t.Type == LocatedIn {
			stated[[2]string{t.From, t.To}] = true
		}
	}
	for _, e := range entities {
		// An in: that is itself wrong (the entity itself, unknown, an
		// occasion) is reported once, on the entity, and derives no tie.
		if in := g.byID[e.In]; in == nil || e.In == e.ID || IsOccasion(in.Label) || stated[[2]string{e.ID, e.In}] {
			continue
		}
		g.Ties = append(g.Ties, &Tie{Type: LocatedIn, From: e.ID, To: e.In, Reference: true, Pos: e.Pos})
	}
	assignTieIDs(g.Ties)
	g.ends = tieEnds(entities, g.Ties)
	g.keys = nameKeys(entities)
	problems = append(problems, g.validate()...)
	if len(problems) > 0 {
		SortProblems(problems)
		return nil, &ValidationError{Problems: problems}
	}
	g.shorts = &shortState{}
	return g, nil
}

// Restore rebuilds a graph from the Entities, Ties and Sources of one that
// New returned — its ties as New completed them, ids assigned and reference
// geography derived — without validating them again: it is how a snapshot
// of a dataset already validated (the embedded one, a cached --seeds
// folder) starts in a fraction of New's time. ends, when not nil, gives
// the positions in entities of each tie's ends (tie i's From at 2i, its To
// at 2i+1), which a snapshot's decoder knows without looking names up;
// with nil, Restore works them out. Facts that did not come from New give a
// graph whose answers are undefined.
func Restore(entities []*Entity, ties []*Tie, sources []*Source, ends []int32) *Graph {
	g := &Graph{
		Entities: entities,
		Ties:     ties,
		Sources:  make(map[int]*Source, len(sources)),
		byID:     make(map[string]*Entity, len(entities)),
		shorts:   &shortState{},
	}
	for _, s := range sources {
		g.Sources[s.N] = s
	}
	for _, e := range entities {
		g.byID[e.ID] = e
	}
	if len(ends) != 2*len(ties) {
		ends = tieEnds(entities, ties)
	}
	g.ends = ends
	return g
}

// tieEnds is Graph.ends worked out from the names.
func tieEnds(entities []*Entity, ties []*Tie) []int32 {
	pos := make(map[string]int32, len(entities))
	for i, e := range entities {
		pos[e.ID] = int32(i)
	}
	at := func(id string) int32 {
		if i, ok := pos[id]; ok {
			return i
		}
		return -1
	}
	ends := make([]int32, 2*len(ties))
	for i, t := range ties {
		ends[2*i], ends[2*i+1] = at(t.From), at(t.To)
	}
	return ends
}

// position is where entity id stands in Entities, -1 if nowhere. A scan:
// a query asks it for its two ends, not once per tie.
func (g *Graph) position(id string) int32 {
	return int32(slices.IndexFunc(g.Entities, func(e *Entity) bool { return e.ID == id }))
}

// assignTieIDs gives every tie without an explicit id a stable one built from
// its ends and type, numbered when the same pair has several ties of one type.
func assignTieIDs(ties []*Tie) {
	seen := make(map[string]int, len(ties))
	for _, t := range ties {
		if t.ID != "" {
			seen[t.ID]++
		}
	}
	for _, t := range ties {
		if t.ID != "" {
			continue
		}
		base := t.From + ">" + t.Type + ">" + t.To
		if t.Reference {
			base = "ref:" + base
		}
		seen[base]++
		if n := seen[base]; n > 1 {
			t.ID = fmt.Sprintf("%s#%d", base, n)
		} else {
			t.ID = base
		}
	}
}

// SortedLabels returns labels in display order.
func SortedLabels(m map[string]int) []string {
	order := make(map[string]int, len(labels))
	for i, l := range labels {
		order[l] = i
	}
	out := make([]string, 0, len(m))
	for l := range m {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i]] < order[out[j]] })
	return out
}
