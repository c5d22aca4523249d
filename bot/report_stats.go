package bot

// The figures behind the charts, the digest and the summaries: study
// rates by party group and day, and attendance by meeting, as a reader
// may see them (a group leader their group).

import (
	"math"
	"slices"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// studyStats are the study rates of days first…last of the members a
// reader sees.
type studyStats struct {
	first, last branchbot.Day
	groups      []string                    // in pinyin order, "" (no group) last
	daily       map[string][]branchbot.Rate // by group, day i is first+i
	branch      []branchbot.Rate            // every member the reader sees, by day
	silent      []*branchbot.Member         // due at least once, done never
}

// total sums a run of daily rates.
func total(rs []branchbot.Rate) branchbot.Rate {
	var sum branchbot.Rate
	for _, r := range rs {
		sum = sum.Add(r)
	}
	return sum
}

// studyStats reads the study rates of days first…last (no later than
// today) of the members viewer sees.
func (b *Bot) studyStats(tx *store.Tx, viewer *branchbot.Member, first, last branchbot.Day) (*studyStats, error) {
	st := &studyStats{first: first, last: last, daily: map[string][]branchbot.Rate{}}
	n := int(last-first) + 1
	if n <= 0 || b.opts.Study == nil {
		return st, nil
	}
	st.branch = make([]branchbot.Rate, n)
	rules := b.opts.Study.Streaks
	ms, err := tx.Members()
	if err != nil {
		return nil, err
	}
	hist := tx.Histories()
	for _, m := range ms {
		if !m.Bound() || !viewer.Sees(m) {
			continue
		}
		p, err := tx.StudyPlan(m.ID)
		if err != nil {
			return nil, err
		}
		from := max(first, b.joinedDay(m, p))
		if from > last {
			continue
		}
		days, err := hist.Get(m.ID, from, last)
		if err != nil {
			return nil, err
		}
		if st.daily[m.Group] == nil {
			st.daily[m.Group] = make([]branchbot.Rate, n)
			st.groups = append(st.groups, m.Group)
		}
		statuses := make([]branchbot.DayStatus, int(last-from)+1)
		for i := range statuses {
			if i < len(days) {
				statuses[i] = days[i].Status
			}
			d := from + branchbot.Day(i)
			c := rules.StudyCount(d, statuses[i])
			j := int(d - first)
			st.daily[m.Group][j] = st.daily[m.Group][j].Add(c)
			st.branch[j] = st.branch[j].Add(c)
		}
		if rules.Silent(from, statuses) {
			st.silent = append(st.silent, m)
		}
	}
	sortGroups(st.groups)
	return st, nil
}

// joinedDay is a member's first study day, as firstDay has it.
func (b *Bot) joinedDay(m *branchbot.Member, p *branchbot.StudyPlan) branchbot.Day {
	switch {
	case p.JoinedDay != 0:
		return p.JoinedDay
	case !m.JoinedAt.IsZero():
		return branchbot.DayOf(m.JoinedAt, b.opts.Location)
	}
	return branchbot.DayOf(b.now(), b.opts.Location)
}

// sortGroups orders group names as /report study does: by pinyin, no
// group last.
func sortGroups(gs []string) {
	c := collate.New(language.Chinese)
	slices.SortFunc(gs, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "":
			return 1
		case b == "":
			return -1
		}
		return c.CompareString(a, b)
	})
}

// percents turns daily rates into the chart's values, NaN where nothing
// was due.
func percents(rs []branchbot.Rate) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = math.NaN()
		if p, ok := r.Percent(); ok {
			out[i] = float64(p)
		}
	}
	return out
}

// meetingRow is one meeting that ended in a period, with its presences.
type meetingRow struct {
	mt         *branchbot.Meeting
	attendance branchbot.Rate // attended or made up, of those invited
	byGroup    map[string]branchbot.Rate
}

// meetingRows are the meetings viewer sees that started in from…to and
// are over by now, in order of their start.
func (b *Bot) meetingRows(tx *store.Tx, viewer *branchbot.Member, from, to, now time.Time) ([]meetingRow, error) {
	rules := b.CheckinRules()
	var mts []*branchbot.Meeting
	err := tx.ForEachMeeting(func(mt *branchbot.Meeting) error {
		seen := viewer == nil || viewer.SeesBranch() || (mt.Audience == branchbot.AudienceGroup && mt.Group == viewer.Group)
		if seen && mt.State == branchbot.MeetingScheduled && !mt.Start.Before(from) && mt.Start.Before(to) && !now.Before(mt.Over(rules)) {
			mts = append(mts, mt)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(mts, func(a, b *branchbot.Meeting) int { return a.Start.Compare(b.Start) })
	rows := make([]meetingRow, 0, len(mts))
	for _, mt := range mts {
		ps, err := meetingPresences(tx, mt)
		if err != nil {
			return nil, err
		}
		row := meetingRow{mt: mt, byGroup: map[string]branchbot.Rate{}}
		for id, p := range ps {
			m, err := tx.Member(id)
			if err != nil {
				continue // removed since
			}
			c := branchbot.Rate{Due: 1}
			if p == branchbot.PresenceAttended || p == branchbot.PresenceMadeUp {
				c.Done = 1
			}
			row.attendance = row.attendance.Add(c)
			row.byGroup[m.Group] = row.byGroup[m.Group].Add(c)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
