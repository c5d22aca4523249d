package schedule

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/robfig/cron/v3"
)

// Spec is a parsed schedule: a standard 5-field cron spec (minute hour
// day-of-month month day-of-week), optionally prefixed with CRON_TZ=Zone,
// parsed with robfig/cron/v3's standard parser for validation and for the
// field sets.
//
// Its firing instants follow the package's daylight-saving rules: each
// matching local time fires exactly once on each matching local day. A Spec
// satisfies cron.Schedule, so robfig/cron's runner can trigger on it. Create
// one with ParseSpec; a Spec is immutable and safe for concurrent use.
type Spec struct {
	fields string // the five fields, separated by single spaces
	loc    *time.Location
	sched  cron.SpecSchedule // the field sets, as robfig/cron parsed them
}

var _ cron.Schedule = (*Spec)(nil)

// SpecError reports why ParseSpec rejected a cron spec. Its message reads
// like `cron spec "61 7 * * *": minute: 61 out of range 0-59`.
type SpecError struct {
	Spec  string // the spec as given
	Field string // the field at fault, such as "minute"; empty if no one field is
	Err   error  // what is wrong; often robfig/cron's own error
}

// Error returns the message, naming the spec and the field at fault.
func (e *SpecError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("cron spec %q: %v", e.Spec, e.Err)
	}
	return fmt.Sprintf("cron spec %q: %s: %v", e.Spec, e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *SpecError) Unwrap() error { return e.Err }

// specField describes one of the five fields of a cron spec.
type specField struct {
	name     string
	option   cron.ParseOption // parses this field alone
	min, max int
	hint     string // added to an out-of-range message
}

var specFields = [5]specField{
	{"minute", cron.Minute, 0, 59, ""},
	{"hour", cron.Hour, 0, 23, ""},
	{"day of month", cron.Dom, 1, 31, ""},
	{"month", cron.Month, 1, 12, ""},
	{"day of week", cron.Dow, 0, 6, " (Sunday is 0)"},
}

// ParseSpec parses a 5-field cron spec such as "45 7 * * 1-5", optionally
// prefixed with CRON_TZ=Zone (or TZ=Zone, which robfig/cron also accepts),
// where Zone is an IANA name such as Asia/Shanghai. Without a prefix the spec
// is read in defaultLoc, normally the branch's zone; defaultLoc may be nil
// only if the spec names its zone.
//
// Descriptors such as @daily and @every are refused, as is a spec that can
// never fire, such as "0 0 30 2 *". Errors are *SpecError values.
func ParseSpec(s string, defaultLoc *time.Location) (*Spec, error) {
	fail := func(field string, err error) (*Spec, error) {
		return nil, &SpecError{Spec: s, Field: field, Err: err}
	}
	rest := strings.TrimSpace(s)
	loc := defaultLoc
	if zone, after, ok := cutZone(rest); ok {
		if zone == "" {
			return fail("", errors.New("empty time zone name: write CRON_TZ=Zone, such as CRON_TZ=Asia/Shanghai"))
		}
		l, err := time.LoadLocation(zone)
		if err != nil {
			return fail("", fmt.Errorf("time zone %q: %w", zone, err))
		}
		loc, rest = l, after
	}
	if loc == nil {
		return fail("", errors.New("no time zone: prefix the spec with CRON_TZ=Zone or pass a default location"))
	}
	if strings.HasPrefix(rest, "@") {
		return fail("", errors.New("descriptors such as @daily are not supported: write 5 fields, minute hour day-of-month month day-of-week"))
	}
	fields := strings.Fields(rest)
	if len(fields) != len(specFields) {
		return fail("", fmt.Errorf("want 5 fields (minute hour day-of-month month day-of-week), found %d", len(fields)))
	}
	// Check each field alone first, so that an error names its field:
	// robfig/cron's messages do not.
	for i, f := range fields {
		if err := specFields[i].check(f); err != nil {
			return fail(specFields[i].name, err)
		}
	}
	rest = strings.Join(fields, " ")
	sched, err := cron.ParseStandard(rest)
	if err != nil {
		return fail("", err)
	}
	spec, ok := sched.(*cron.SpecSchedule)
	if !ok {
		return fail("", fmt.Errorf("unexpected schedule type %T", sched))
	}
	sp := &Spec{fields: rest, loc: loc, sched: *spec}
	sp.sched.Location = loc
	if !sp.canFire() {
		return fail("", errors.New("never fires: no month in the spec has that day of month"))
	}
	return sp, nil
}

// cutZone splits a CRON_TZ= or TZ= prefix from spec.
func cutZone(spec string) (zone, rest string, ok bool) {
	for _, prefix := range []string{"CRON_TZ=", "TZ="} {
		if after, found := strings.CutPrefix(spec, prefix); found {
			i := strings.IndexFunc(after, unicode.IsSpace)
			if i < 0 {
				return after, "", true
			}
			return after[:i], strings.TrimSpace(after[i:]), true
		}
	}
	return "", spec, false
}

// check validates one field of a spec. Numbers out of range get a message
// of our own; anything else is left to robfig/cron's parser.
func (sf specField) check(field string) error {
	// A field holding "=" or starting with "@" would make robfig/cron's
	// parser look for a time zone or a descriptor in it.
	if strings.ContainsRune(field, '=') || strings.HasPrefix(field, "@") {
		return fmt.Errorf("unexpected %q", field)
	}
	for _, item := range strings.Split(field, ",") {
		// robfig/cron skips empty list items, so "," alone would be an
		// empty set that never matches.
		if item == "" {
			return fmt.Errorf("empty item in list %q", field)
		}
		rng, _, _ := strings.Cut(item, "/")
		for _, end := range strings.Split(rng, "-") {
			n, err := strconv.Atoi(end)
			if err == nil && (n < sf.min || n > sf.max) {
				return fmt.Errorf("%d out of range %d-%d%s", n, sf.min, sf.max, sf.hint)
			}
		}
	}
	if _, err := cron.NewParser(sf.option).Parse(field); err != nil {
		return err
	}
	return nil
}

// String returns the spec in a form that ParseSpec and robfig/cron both
// read back to the same schedule: the zone made explicit with CRON_TZ=, then
// the five fields, such as "CRON_TZ=Asia/Shanghai 45 7 * * 1-5". The zone
// reads back only if it was loaded by name, as ParseSpec loads it.
func (s *Spec) String() string {
	return "CRON_TZ=" + s.loc.String() + " " + s.fields
}

// Location returns the time zone the spec is read in.
func (s *Spec) Location() *time.Location { return s.loc }

// starBit marks a field written as * (or ?). robfig/cron sets it, and like
// Vixie cron matches a day when both day fields match if either is a star,
// and when either matches otherwise.
const starBit = 1 << 63

// dayMatches reports whether the spec fires on the civil date of day, a
// midnight in UTC.
func (s *Spec) dayMatches(day time.Time) bool {
	if s.sched.Month&(1<<uint(day.Month())) == 0 {
		return false
	}
	dom := s.sched.Dom&(1<<uint(day.Day())) != 0
	dow := s.sched.Dow&(1<<uint(day.Weekday())) != 0
	if s.sched.Dom&starBit != 0 || s.sched.Dow&starBit != 0 {
		return dom && dow
	}
	return dom || dow
}

// canFire reports whether some date matches the spec. Only a day of month
// combined with a star day of week can miss every date, by naming days that
// none of the spec's months has.
func (s *Spec) canFire() bool {
	if s.sched.Dow&starBit == 0 || s.sched.Dom&starBit != 0 {
		return true
	}
	for m := time.January; m <= time.December; m++ {
		if s.sched.Month&(1<<uint(m)) == 0 {
			continue
		}
		days := time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC).Day() // 2024 has a 29 February
		if s.sched.Dom&(uint64(1)<<uint(days+1)-1) != 0 {
			return true
		}
	}
	return false
}

// maxSearchDays bounds Next's search. The longest wait between firings of a
// spec that can fire is for 29 February across a century that skips its leap
// year, such as 2096 to 2104: just over eight years.
const maxSearchDays = 9 * 366

// Next returns the first firing instant strictly after t, in the spec's zone,
// or the zero time if there is none within about nine years (which does not
// happen for a spec ParseSpec accepted).
//
// It works one local day at a time: for each matching date it resolves each
// matching local time with the rules of At, so that on the days the clocks
// change a time the clocks skip fires once, at the jump, and a time they
// repeat fires once, at its first occurrence. Several local times that
// resolve to the same instant (02:00 and 02:30 in a spring-forward gap) fire
// once. Unlike robfig/cron's Next it never consults the location of t.
func (s *Spec) Next(t time.Time) time.Time {
	// Every local time on or before t's own reading fires at or before t,
	// so the search starts on t's local date and skips those cheaply.
	after := wallOf(t, s.loc)
	y, m, d := LocalDate(t, s.loc)
	for i := range maxSearchDays {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC)
		if !s.dayMatches(day) {
			continue
		}
		base := day.Unix()
		if base+86400 <= after {
			continue
		}
		for hours := s.sched.Hour &^ starBit; hours != 0; hours &= hours - 1 {
			hourWall := base + int64(bits.TrailingZeros64(hours))*3600
			if hourWall+59*60 <= after {
				continue
			}
			for minutes := s.sched.Minute &^ starBit; minutes != 0; minutes &= minutes - 1 {
				wall := hourWall + int64(bits.TrailingZeros64(minutes))*60
				if wall <= after {
					continue
				}
				if at := fireAt(wall, s.loc); at.After(t) {
					return at
				}
			}
		}
	}
	return time.Time{}
}

// MaxWindow is the longest window Occurrences looks at: a little over a
// year, so that a year's firings can be listed in one call while a mistaken
// window cannot make it run away.
const MaxWindow = 400 * 24 * time.Hour

// Occurrences returns every firing instant in (from, to], in order. Callers
// pass windows of a few days; a window longer than MaxWindow is cut to its
// first MaxWindow.
func (s *Spec) Occurrences(from, to time.Time) []time.Time {
	if limit := from.Add(MaxWindow); to.After(limit) {
		to = limit
	}
	var out []time.Time
	for t := s.Next(from); !t.IsZero() && !t.After(to); t = s.Next(t) {
		out = append(out, t)
	}
	return out
}
