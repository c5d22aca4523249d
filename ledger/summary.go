package ledger

// 汇总: the period at a glance: the study register's totals per day with a
// chart of the daily completion, and each meeting's attendance with a
// chart of it, both native Excel charts over the tables beside them.

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/branchbot/branchbot"
)

func (b *book) summarySheet(name string) error {
	f := b.f
	if err := b.pageSetup(name, layout{landscape: true, freezeRow: 1}); err != nil {
		return err
	}
	for c, wd := range []float64{14, 9, 9, 10, 9, 9, 9, 10} {
		if err := f.SetColWidth(name, col(c+1), col(c+1), wd); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	set := func(c string, v any, style int) error {
		if err := f.SetCellValue(name, c, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(name, c, c, style)
		}
		return nil
	}
	if err := set("A1", b.title(b.t("ledger.title")), b.st.title); err != nil {
		return err
	}
	row := 3
	if b.daily != nil {
		var err error
		if row, err = b.dailyTable(name, row, set); err != nil {
			return err
		}
	}
	if len(b.meetings) > 0 {
		if err := b.meetingTable(name, row+1, set); err != nil {
			return err
		}
	}
	return nil
}

// dailyTable writes the days of the period up to today with their done,
// due and rate, and the chart of the rate; it returns the next free row.
func (b *book) dailyTable(name string, row int, set func(string, any, int) error) (int, error) {
	f := b.f
	if err := set(cell(1, row), b.t("sum.study"), b.st.total); err != nil {
		return 0, err
	}
	row++
	for i, k := range []string{"col.date", "study.done", "study.due", "study.rate"} {
		if err := set(cell(i+1, row), b.t(k), b.st.head); err != nil {
			return 0, err
		}
	}
	first := row + 1
	var done, due int
	for _, d := range b.daily {
		if d.day > b.last {
			break
		}
		row++
		done, due = done+d.done, due+d.due
		if err := set(cell(1, row), d.day.String(), b.st.text); err != nil {
			return 0, err
		}
		if err := set(cell(2, row), d.done, b.st.text); err != nil {
			return 0, err
		}
		if err := set(cell(3, row), d.due, b.st.text); err != nil {
			return 0, err
		}
		if err := b.rateFormula(name, 4, row, b.st.percent); err != nil {
			return 0, err
		}
	}
	last := row
	if last < first {
		return row + 1, nil
	}
	row++
	if err := set(cell(1, row), b.t("study.total"), b.st.total); err != nil {
		return 0, err
	}
	for c := 2; c <= 3; c++ {
		ref := cell(c, row)
		if err := f.SetCellFormula(name, ref, fmt.Sprintf("SUM(%s:%s)", cell(c, first), cell(c, last))); err != nil {
			return 0, err
		}
		if err := f.SetCellStyle(name, ref, ref, b.st.total); err != nil {
			return 0, err
		}
	}
	if err := b.rateFormula(name, 4, row, b.st.totalPercent); err != nil {
		return 0, err
	}
	q := "'" + name + "'!"
	err := f.AddChart(name, "F3", &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name:       q + "$D$" + fmt.Sprint(first-1),
			Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, first, last),
			Values:     fmt.Sprintf("%s$D$%d:$D$%d", q, first, last),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 4},
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.t("chart.study")}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		YAxis:     excelize.ChartAxis{Maximum: ptr(1.0), Minimum: ptr(0.0), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		Dimension: excelize.ChartDimension{Width: 720, Height: 300},
	})
	if err != nil {
		return 0, err
	}
	// Leave room below the chart when the table is shorter.
	return max(row+2, 20), nil
}

// rateFormula writes into column c of row the rate of its columns B and
// C: done over due.
func (b *book) rateFormula(name string, c, row, style int) error {
	ref := cell(c, row)
	if err := b.f.SetCellFormula(name, ref, fmt.Sprintf("IF(C%d=0,0,B%d/C%d)", row, row, row)); err != nil {
		return err
	}
	return b.f.SetCellStyle(name, ref, ref, style)
}

// meetingTable writes each meeting's counts and the chart of them.
func (b *book) meetingTable(name string, row int, set func(string, any, int) error) error {
	if err := set(cell(1, row), b.t("sum.meetings"), b.st.total); err != nil {
		return err
	}
	row++
	head := row
	heads := []string{b.t("sum.meeting"), b.t("mt.invited")}
	for _, p := range branchbot.Presences {
		heads = append(heads, b.presence(p))
	}
	for i, h := range heads {
		if err := set(cell(i+1, row), h, b.st.head); err != nil {
			return err
		}
	}
	for _, mt := range b.meetings {
		row++
		if err := set(cell(1, row), mt.label, b.st.text); err != nil {
			return err
		}
		if err := set(cell(2, row), mt.invited, b.st.text); err != nil {
			return err
		}
		for i, p := range branchbot.Presences {
			if err := set(cell(3+i, row), mt.presence[p], b.st.text); err != nil {
				return err
			}
		}
	}
	q := "'" + name + "'!"
	var series []excelize.ChartSeries
	for i := range branchbot.Presences {
		c := col(3 + i)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s$%s$%d", q, c, head),
			Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, head+1, row),
			Values:     fmt.Sprintf("%s$%s$%d:$%s$%d", q, c, head+1, c, row),
		})
	}
	return b.f.AddChart(name, cell(10, head), &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.t("chart.meetings")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 300},
	})
}

func ptr[T any](v T) *T { return &v }
