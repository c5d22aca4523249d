package branchbot

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func validSection(id string) Section {
	return Section{
		ID:        id,
		Title:     "党的性质和宗旨",
		TitleEN:   "Nature and purpose",
		Reading:   "党章开篇的总纲回答了我们是一个什么样的党。",
		Questions: []string{"什么是先锋队？"},
		Minutes:   15,
	}
}

func TestHandbookValidate(t *testing.T) {
	with := func(f func(*Section)) Handbook {
		s := validSection("general-nature")
		f(&s)
		return Handbook{Title: "党章学习手册", Sections: []Section{s}}
	}
	tests := []struct {
		name string
		h    Handbook
		want []string // every message, in order; nil means valid
	}{
		{
			name: "valid",
			h:    Handbook{Title: "党章学习手册", Sections: []Section{validSection("a"), validSection("b-2")}},
		},
		{
			name: "page instead of reading",
			h:    with(func(s *Section) { s.Reading = ""; s.Page = "第12–15页" }),
		},
		{
			name: "minutes default and bounds",
			h: Handbook{Sections: []Section{
				with(func(s *Section) { s.ID = "zero"; s.Minutes = 0 }).Sections[0],
				with(func(s *Section) { s.ID = "one"; s.Minutes = 1 }).Sections[0],
				with(func(s *Section) { s.ID = "max"; s.Minutes = 120 }).Sections[0],
			}},
		},
		{
			name: "reading of exactly 3000 characters",
			h:    with(func(s *Section) { s.Reading = strings.Repeat("学", MaxReadingLen) }),
		},
		{
			name: "empty handbook",
			h:    Handbook{Title: "空"},
			want: []string{"sections: none; a handbook needs at least one section"},
		},
		{
			name: "reading too long",
			h: Handbook{Sections: []Section{
				validSection("a"), validSection("b"), validSection("c"),
				with(func(s *Section) { s.ID = "discipline"; s.Reading = strings.Repeat("纪", 3120) }).Sections[0],
			}},
			want: []string{`sections[3] (id "discipline"): reading: 3120 characters, at most 3000`},
		},
		{
			name: "duplicate ids",
			h:    Handbook{Sections: []Section{validSection("a"), validSection("b"), validSection("a"), validSection("a")}},
			want: []string{
				`sections[2] (id "a"): id: duplicate of sections[0]`,
				`sections[3] (id "a"): id: duplicate of sections[0]`,
			},
		},
		{
			name: "missing id",
			h:    with(func(s *Section) { s.ID = "" }),
			want: []string{"sections[0]: id: required"},
		},
		{
			name: "bad ids",
			h: Handbook{Sections: []Section{
				validSection("Upper"),
				validSection("with space"),
				validSection("ch1_duties"),
				validSection("学习"),
				validSection(strings.Repeat("a", 33)),
				validSection(strings.Repeat("a", 32)),
			}},
			want: []string{
				`sections[0] (id "Upper"): id: must be 1 to 32 of a-z, 0-9 and -`,
				`sections[1] (id "with space"): id: must be 1 to 32 of a-z, 0-9 and -`,
				`sections[2] (id "ch1_duties"): id: must be 1 to 32 of a-z, 0-9 and -`,
				`sections[3] (id "学习"): id: must be 1 to 32 of a-z, 0-9 and -`,
				`sections[4] (id "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"): id: must be 1 to 32 of a-z, 0-9 and -`,
			},
		},
		{
			name: "title missing, blank, too long, multi-line",
			h: Handbook{Sections: []Section{
				with(func(s *Section) { s.ID = "a"; s.Title = "" }).Sections[0],
				with(func(s *Section) { s.ID = "b"; s.Title = "  " }).Sections[0],
				with(func(s *Section) { s.ID = "c"; s.Title = strings.Repeat("题", 65) }).Sections[0],
				with(func(s *Section) { s.ID = "d"; s.Title = "第一行\n第二行" }).Sections[0],
				with(func(s *Section) { s.ID = "e"; s.Title = strings.Repeat("题", 64) }).Sections[0],
			}},
			want: []string{
				`sections[0] (id "a"): title: required`,
				`sections[1] (id "b"): title: required`,
				`sections[2] (id "c"): title: 65 characters, at most 64`,
				`sections[3] (id "d"): title: contains a line break or tab`,
			},
		},
		{
			name: "english title and page",
			h: with(func(s *Section) {
				s.TitleEN = strings.Repeat("x", 65)
				s.Page = " "
			}),
			want: []string{
				`sections[0] (id "general-nature"): title_en: 65 characters, at most 64`,
				`sections[0] (id "general-nature"): page: only spaces`,
			},
		},
		{
			name: "neither reading nor page",
			h:    with(func(s *Section) { s.Reading = " \n " }),
			want: []string{`sections[0] (id "general-nature"): reading: required when there is no page`},
		},
		{
			name: "questions",
			h: with(func(s *Section) {
				s.Questions = []string{"好", "", strings.Repeat("问", 201), strings.Repeat("问", 200)}
			}),
			want: []string{
				`sections[0] (id "general-nature"): questions[1]: empty`,
				`sections[0] (id "general-nature"): questions[2]: 201 characters, at most 200`,
			},
		},
		{
			name: "minutes out of range",
			h: Handbook{Sections: []Section{
				with(func(s *Section) { s.ID = "neg"; s.Minutes = -1 }).Sections[0],
				with(func(s *Section) { s.ID = "big"; s.Minutes = 121 }).Sections[0],
			}},
			want: []string{
				`sections[0] (id "neg"): minutes: -1, must be 1 to 120`,
				`sections[1] (id "big"): minutes: 121, must be 1 to 120`,
			},
		},
		{
			name: "handbook titles too long",
			h: Handbook{
				Title:    strings.Repeat("手", 65),
				TitleEN:  strings.Repeat("h", 65),
				Sections: []Section{validSection("a")},
			},
			want: []string{
				"title: 65 characters, at most 64",
				"title_en: 65 characters, at most 64",
			},
		},
		{
			name: "every problem at once",
			h: Handbook{Sections: []Section{
				{ID: "Bad", Minutes: 200},
				validSection("ok"),
				{ID: "ok", Title: "重复", Reading: "有内容。"},
			}},
			want: []string{
				`sections[0] (id "Bad"): id: must be 1 to 32 of a-z, 0-9 and -`,
				`sections[0] (id "Bad"): title: required`,
				`sections[0] (id "Bad"): reading: required when there is no page`,
				`sections[0] (id "Bad"): minutes: 200, must be 1 to 120`,
				`sections[2] (id "ok"): id: duplicate of sections[1]`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.h.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			if got := strings.Split(err.Error(), "\n"); !equalStrings(got, tt.want) {
				t.Errorf("Validate() messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if !errors.Is(err, ErrInvalidHandbook) {
				t.Errorf("errors.Is(err, ErrInvalidHandbook) = false")
			}
			var he *HandbookError
			if !errors.As(err, &he) {
				t.Errorf("errors.As(err, *HandbookError) = false")
			}
		})
	}
}

func TestHandbookErrorFields(t *testing.T) {
	h := Handbook{Sections: []Section{validSection("a"), {ID: "b", Title: "无内容"}}}
	var he *HandbookError
	if !errors.As(h.Validate(), &he) {
		t.Fatal("no *HandbookError")
	}
	want := HandbookError{Section: 1, ID: "b", Field: "reading", Problem: "required when there is no page"}
	if *he != want {
		t.Errorf("got %+v, want %+v", *he, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHandbookIndexNext(t *testing.T) {
	h := &Handbook{Sections: []Section{validSection("a"), validSection("b"), validSection("c")}}
	empty := &Handbook{}
	t.Run("index", func(t *testing.T) {
		tests := []struct {
			name string
			h    *Handbook
			id   string
			want int
		}{
			{"first", h, "a", 0},
			{"last", h, "c", 2},
			{"absent", h, "d", -1},
			{"empty id", h, "", -1},
			{"empty handbook", empty, "a", -1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := tt.h.Index(tt.id); got != tt.want {
					t.Errorf("Index(%q) = %d, want %d", tt.id, got, tt.want)
				}
			})
		}
	})
	t.Run("next", func(t *testing.T) {
		tests := []struct {
			name string
			h    *Handbook
			i    int
			want int
		}{
			{"first", h, 0, 1},
			{"middle", h, 1, 2},
			{"wraps after last", h, 2, 0},
			{"nothing studied yet", h, -1, 0},
			{"far negative", h, -7, 0},
			{"past the end of a shrunk handbook", h, 9, 0},
			{"empty handbook", empty, 0, -1},
			{"empty handbook, nothing studied", empty, -1, -1},
			{"one section", &Handbook{Sections: []Section{validSection("a")}}, 0, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := tt.h.Next(tt.i); got != tt.want {
					t.Errorf("Next(%d) = %d, want %d", tt.i, got, tt.want)
				}
			})
		}
	})
}

func TestSectionStudyMinutes(t *testing.T) {
	tests := []struct {
		name    string
		minutes int
		want    int
	}{
		{"default", 0, DefaultStudyMinutes},
		{"set", 20, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Section{Minutes: tt.minutes}).StudyMinutes(); got != tt.want {
				t.Errorf("StudyMinutes() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestSectionLong(t *testing.T) {
	tests := []struct {
		name    string
		reading string
		want    bool
	}{
		{"empty", "", false},
		{"short", "党章。", false},
		{"exactly 700 ASCII characters", strings.Repeat("a", LongReading), false},
		{"701 characters", strings.Repeat("学", LongReading+1), true},
		{"700 characters but more bytes than 700", strings.Repeat("学", 700), false},
		{"701 ASCII", strings.Repeat("a", 701), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Section{Reading: tt.reading}).Long(); got != tt.want {
				t.Errorf("Long() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSectionExcerpt(t *testing.T) {
	tests := []struct {
		name    string
		reading string
		n       int
		want    string
	}{
		{"fits", "党章是党的根本大法。", 20, "党章是党的根本大法。"},
		{"fits exactly", "一二三四五", 5, "一二三四五"},
		{"trimmed", "\n  党章。 \n", 20, "党章。"},
		{"empty", "", 10, ""},
		{"zero n", "党章是党的根本大法。", 0, ""},
		{"negative n", "党章是党的根本大法。", -1, ""},
		{
			name:    "cut at the last sentence end",
			reading: "第一句话在这里。第二句话也在这里。第三句话很长很长很长很长。",
			n:       20,
			want:    "第一句话在这里。第二句话也在这里。…",
		},
		{
			name:    "sentence end in the first half is too early",
			reading: "短句。后面是一个非常非常非常非常非常长的没有句号的句子，直到很后面才结束。",
			n:       20,
			want:    "短句。后面是一个非常非常非常非常非常长的…",
		},
		{
			name:    "clause mark when there is no sentence end",
			reading: "生态文明建设是关系中华民族永续发展的根本大计，必须坚持节约优先、保护优先",
			n:       25,
			want:    "生态文明建设是关系中华民族永续发展的根本大计…",
		},
		{
			name:    "line break",
			reading: "一、六项纪律是什么\n政治纪律是最根本、最重要的纪律",
			n:       14,
			want:    "一、六项纪律是什么…",
		},
		{
			name:    "paragraphs",
			reading: "第一段落的内容到此为止\n\n第二段落开始了并且很长很长",
			n:       16,
			want:    "第一段落的内容到此为止…",
		},
		{
			name:    "closing quote stays with its sentence",
			reading: "总纲要求做到“两个维护。”然后继续讲很多其他的内容",
			n:       16,
			want:    "总纲要求做到“两个维护。”…",
		},
		{
			name:    "closing quote that would run past n",
			reading: "总纲要求做到“两个维护。”然后继续讲很多其他的内容",
			n:       12,
			want:    "总纲要求做到“两个维护。…",
		},
		{
			name:    "hard cut",
			reading: strings.Repeat("学", 30),
			n:       10,
			want:    strings.Repeat("学", 10) + "…",
		},
		{
			name:    "English sentences",
			reading: "The branch studies daily. Members mark it done. The bot keeps streaks.",
			n:       50,
			want:    "The branch studies daily. Members mark it done.…",
		},
		{
			name:    "a decimal point is not a sentence end",
			reading: "Section 3.5 covers the duties of members in much detail",
			n:       14,
			want:    "Section 3.5…",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := (Section{Reading: tt.reading}).Excerpt(tt.n)
			if got != tt.want {
				t.Errorf("Excerpt(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func FuzzSectionExcerpt(f *testing.F) {
	f.Add("第一句话在这里。第二句话也在这里。第三句话很长。", 10)
	f.Add("The branch studies daily. Members mark it done.", 20)
	f.Add("“引号。”\n\n段落，逗号、顿号：冒号", 5)
	f.Fuzz(func(t *testing.T, reading string, n int) {
		if !utf8.ValidString(reading) || n > 10000 {
			t.Skip()
		}
		got := (Section{Reading: reading}).Excerpt(n)
		if !utf8.ValidString(got) {
			t.Fatalf("Excerpt(%d) = %q, not UTF-8", n, got)
		}
		if c := utf8.RuneCountInString(got); n >= 0 && c > n+1 {
			t.Fatalf("Excerpt(%d) = %q, %d characters", n, got, c)
		}
		text := strings.TrimSpace(reading)
		if cut, ok := strings.CutSuffix(got, "…"); ok && !strings.HasPrefix(text, cut) {
			t.Fatalf("Excerpt(%d) = %q, not a prefix of the reading", n, got)
		} else if !ok && got != "" && got != text {
			t.Fatalf("Excerpt(%d) = %q, neither the reading nor an excerpt", n, got)
		}
	})
}
