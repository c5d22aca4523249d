package ledger

// Writing one sheet: the page set up for A4 before its rows are streamed
// (a stream writer keeps the page setup it finds), the header rows frozen
// and repeated on every printed page, column widths, then the rows.

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles of the ledger.
type styles struct {
	title, head, text, wrap, center, percent, total, totalPercent, money int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	pct := "0.0%"
	money := "#,##0.00"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.head, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.text, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.wrap, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.center, excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.percent, excelize.Style{Border: border, CustomNumFmt: &pct}},
		{&st.total, excelize.Style{Border: border, Font: &excelize.Font{Bold: true}}},
		{&st.totalPercent, excelize.Style{Border: border, Font: &excelize.Font{Bold: true}, CustomNumFmt: &pct}},
		{&st.money, excelize.Style{Border: border, CustomNumFmt: &money}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// layout is how a sheet prints and scrolls.
type layout struct {
	landscape bool
	widths    []float64 // of columns A, B, …; the last repeats to lastCol
	lastCol   int       // columns set; 0 means len(widths)
	freezeRow int       // rows kept on top while scrolling and on every page
	freezeCol int       // columns kept at the left
}

// sheetWriter streams the rows of one sheet.
type sheetWriter struct {
	sw  *excelize.StreamWriter
	row int // the last row written
}

// newSheet adds the sheet name set up as lay says and returns its writer,
// which the caller flushes.
func (b *book) newSheet(name string, lay layout) (*sheetWriter, error) {
	if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := b.pageSetup(name, lay); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	last := max(lay.lastCol, len(lay.widths))
	for i := 1; i <= last; i++ {
		w := lay.widths[min(i, len(lay.widths))-1]
		if err := sw.SetColWidth(i, i, w); err != nil {
			return nil, err
		}
	}
	if lay.freezeRow > 0 || lay.freezeCol > 0 {
		top, _ := excelize.CoordinatesToCellName(lay.freezeCol+1, lay.freezeRow+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: lay.freezeCol, YSplit: lay.freezeRow,
			TopLeftCell: top, ActivePane: activePane(lay)}); err != nil {
			return nil, err
		}
	}
	return &sheetWriter{sw: sw}, nil
}

func activePane(lay layout) string {
	switch {
	case lay.freezeRow > 0 && lay.freezeCol > 0:
		return "bottomRight"
	case lay.freezeRow > 0:
		return "bottomLeft"
	}
	return "topRight"
}

// pageSetup sets A4, the orientation, fitting to the page's width, narrow
// margins, page numbers in the footer and the frozen rows and columns
// repeated on every printed page.
func (b *book) pageSetup(name string, lay layout) error {
	a4, wide, tall := 9, 1, 0
	orient := "portrait"
	if lay.landscape {
		orient = "landscape"
	}
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m, edge := 0.4, 0.3
	if err := b.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &edge, Footer: &edge}); err != nil {
		return err
	}
	if err := b.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&C&P / &N"}); err != nil {
		return err
	}
	var refs []string
	quoted := "'" + name + "'!"
	if lay.freezeCol > 0 {
		c, _ := excelize.ColumnNumberToName(lay.freezeCol)
		refs = append(refs, fmt.Sprintf("%s$A:$%s", quoted, c))
	}
	if lay.freezeRow > 0 {
		refs = append(refs, fmt.Sprintf("%s$1:$%d", quoted, lay.freezeRow))
	}
	if len(refs) == 0 {
		return nil
	}
	ref := refs[0]
	if len(refs) == 2 {
		ref += "," + refs[1]
	}
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: ref, Scope: name})
}

// add writes the next row: each value as it is, or as an excelize.Cell
// when it has a formula or a style of its own; style applies to the rest.
func (w *sheetWriter) add(style int, values ...any) error {
	w.row++
	cells := make([]any, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case excelize.Cell:
			if v.StyleID == 0 {
				v.StyleID = style
			}
			cells[i] = v
		case nil:
			cells[i] = excelize.Cell{StyleID: style}
		default:
			cells[i] = excelize.Cell{StyleID: style, Value: v}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	return w.sw.SetRow(cell, cells)
}

// skip leaves a row empty.
func (w *sheetWriter) skip() { w.row++ }

// title writes a title row merged across n columns.
func (w *sheetWriter) title(style int, text string, n int) error {
	if err := w.add(style, text); err != nil {
		return err
	}
	if n < 2 {
		return nil
	}
	from, _ := excelize.CoordinatesToCellName(1, w.row)
	to, _ := excelize.CoordinatesToCellName(n, w.row)
	return w.sw.MergeCell(from, to)
}

// pageBreak starts a new printed page after the last row.
func (w *sheetWriter) pageBreak() error {
	cell, _ := excelize.CoordinatesToCellName(1, w.row+1)
	return w.sw.InsertPageBreak(cell)
}

func (w *sheetWriter) flush() error { return w.sw.Flush() }

// formula is a cell with formula f and, for readers that do not
// calculate, its value v.
func formula(f string, v any) excelize.Cell { return excelize.Cell{Formula: f, Value: v} }

// cell names the cell of column col (from 1) on row row.
func cell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// col names column col (from 1).
func col(c int) string {
	s, _ := excelize.ColumnNumberToName(c)
	return s
}

// rate is done/due, or 0 when nothing was due.
func rate(done, due int) float64 {
	if due == 0 {
		return 0
	}
	return float64(done) / float64(due)
}

// styled is value v in style style.
func styled(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

// moneyFormula is formula f with value v in style style.
func moneyFormula(style int, f string, v float64) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f, Value: v}
}
