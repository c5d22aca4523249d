package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// TestStudyNotes: a note written with /done is confirmed, kept when the
// day was already done, shown in /me, and read by the member's group
// leader (their group only) and the secretary (any group, a day or a
// week), a long list in several messages.
func TestStudyNotes(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 20, 0))
	h := newStudyHarness(t, clk, testRules())
	today := dayOf(2026, 11, 25)

	people := []struct {
		tg    int64
		name  string
		group string
		role  branchbot.Role
	}{
		{13001, "张三", "一组", branchbot.RoleMember},
		{13002, "李四", "一组", branchbot.RoleMember},
		{13003, "王五", "二组", branchbot.RoleMember},
		{13004, "组长", "一组", branchbot.RoleLeader},
	}
	users := map[string]telegramtest.User{}
	ids := map[string]int64{}
	h.update(func(tx *store.Tx) error {
		for _, p := range people {
			m := &branchbot.Member{Name: p.name, TelegramID: p.tg, Group: p.group, Role: p.role}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			users[p.name], ids[p.name] = telegramtest.User{ID: p.tg, FirstName: p.name}, m.ID
		}
		return nil
	})
	zhang := users["张三"]
	for _, n := range []string{"张三", "李四", "王五"} {
		h.history(ids[n], today-10, nil)
	}

	t.Run("done says the note is kept", func(t *testing.T) {
		got := h.sayAndWait(zhang, "/done 20 把宗旨落到实处", "已记录")
		if !strings.Contains(got.Text, "📝 心得已保存，可发送 /me 查看；党小组长和书记也能看到。") {
			t.Errorf("answer:\n%s", got.Text)
		}
		// A note after the day is done is kept too, not dropped.
		got = h.sayAndWait(zhang, "/done 补一句：从身边小事做起", "已经打过卡了")
		if !strings.Contains(got.Text, "心得已更新") {
			t.Errorf("answer to a second note:\n%s", got.Text)
		}
		var note string
		h.view(func(tx *store.Tx) error { note = tx.StudyNote(ids["张三"], today); return nil })
		if note != "补一句：从身边小事做起" {
			t.Errorf("note %q", note)
		}
		// A plain "done" on a done day still changes nothing.
		h.sayAndWait(zhang, "已学", "已经打过卡了，不再重复记录")
	})

	h.update(func(tx *store.Tx) error {
		for _, n := range []struct {
			who  string
			day  branchbot.Day
			text string
		}{
			{"张三", today - 1, "昨天的心得"},
			{"张三", today - 9, "九天前的心得"},
			{"李四", today - 3, "李四的心得"},
			{"王五", today - 3, "王五的心得"},
			{"王五", today - 20, "很久以前"},
		} {
			if err := tx.PutStudyNote(ids[n.who], n.day, n.text); err != nil {
				return err
			}
		}
		return nil
	})

	t.Run("me shows the latest notes", func(t *testing.T) {
		got := h.sayAndWait(zhang, "/me", "学习记录")
		want := "📝 最近的学习心得：\n11-25 补一句：从身边小事做起\n11-24 昨天的心得\n11-16 九天前的心得"
		if !strings.Contains(got.Text, want) {
			t.Errorf("/me lacks\n%s\n%s", want, got.Text)
		}
	})

	t.Run("a leader reads their group", func(t *testing.T) {
		leader := users["组长"]
		got := h.sayAndWait(leader, "/notes", "学习心得")
		if want := "📝 学习心得 · 党小组：一组 · 2026-11-19 至 2026-11-25（2 人，3 条）\n\n张三\n11-24 昨天的心得\n11-25 补一句：从身边小事做起\n\n李四\n11-22 李四的心得"; got.Text != want {
			t.Errorf("leader's /notes:\n%s\nwant:\n%s", got.Text, want)
		}
		h.sayAndWait(leader, "/notes 二组", "您只能查看本党小组（一组）的心得")
		h.sayAndWait(leader, "/notes all", "您只能查看本党小组（一组）的心得")
		got = h.sayAndWait(leader, "/notes 一组 11-22", "学习心得")
		if !strings.Contains(got.Text, "2026-11-22（1 人，1 条）") || strings.Contains(got.Text, "张三") {
			t.Errorf("leader's /notes of a day:\n%s", got.Text)
		}
		got = h.sayAndWait(leader, "/help", "可用命令")
		if !strings.Contains(got.Text, "/notes [党小组] [日期] [周] — ") {
			t.Errorf("/help of a leader lacks /notes:\n%s", got.Text)
		}
	})

	t.Run("a member may not", func(t *testing.T) {
		h.sayAndWait(zhang, "/notes", "仅限党小组长、支委委员和书记使用")
		got := h.sayAndWait(zhang, "/help", "可用命令")
		if strings.Contains(got.Text, "/notes") {
			t.Errorf("/help of a member lists /notes:\n%s", got.Text)
		}
	})

	t.Run("the secretary reads any group, a day or a week", func(t *testing.T) {
		got := h.sayAndWait(secretary, "/notes", "学习心得")
		for _, w := range []string{"全支部 · 2026-11-19 至 2026-11-25（3 人，4 条）", "王五\n11-22 王五的心得"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("/notes lacks %q:\n%s", w, got.Text)
			}
		}
		got = h.sayAndWait(secretary, "/notes 二组 11-22", "学习心得")
		if !strings.Contains(got.Text, "党小组：二组 · 2026-11-22（1 人，1 条）") || strings.Contains(got.Text, "李四") {
			t.Errorf("/notes 二组 11-22:\n%s", got.Text)
		}
		got = h.sayAndWait(secretary, "/notes 11-16 周", "学习心得")
		if !strings.Contains(got.Text, "2026-11-10 至 2026-11-16（1 人，1 条）") || !strings.Contains(got.Text, "九天前的心得") {
			t.Errorf("/notes 11-16 周:\n%s", got.Text)
		}
		h.sayAndWait(secretary, "/notes 2026-11-01", "没有人写心得")
		h.sayAndWait(secretary, "/notes 三组", "没有“三组”这个党小组")
		h.sayAndWait(secretary, "/notes 12-24", "还没到")
		h.sayAndWait(secretary, "/notes 一组 二组", "用法：/notes")
	})

	t.Run("a long list comes in several messages", func(t *testing.T) {
		long := strings.Repeat("学", 480)
		h.update(func(tx *store.Tx) error {
			for i := range 12 {
				for _, n := range []string{"张三", "李四", "王五"} {
					if err := tx.PutStudyNote(ids[n], today-branchbot.Day(i+30), fmt.Sprintf("%s%d %s", n, i, long)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		before := len(h.botMessages(secretaryID))
		h.say(secretary, "/notes 10-26 周")
		h.settle()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var all string
		var parts int
		for ctx.Err() == nil {
			msgs := h.botMessages(secretaryID)[before:]
			all, parts = "", len(msgs)
			for _, m := range msgs {
				all += m.Text + "\n"
			}
			if strings.Contains(all, "王五6 ") {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if parts < 2 {
			t.Errorf("%d characters in %d message(s)", len([]rune(all)), parts)
		}
		// 10-20 to 10-26 are today-36 … today-30: seven notes each.
		for _, n := range []string{"张三", "李四", "王五"} {
			for i := range 7 {
				if !strings.Contains(all, fmt.Sprintf("%s%d ", n, i)) {
					t.Errorf("note %s%d missing from the %d messages", n, i, parts)
				}
			}
			if strings.Contains(all, n+"7 ") {
				t.Errorf("a note outside the week was shown: %s7", n)
			}
		}
	})

	t.Run("english", func(t *testing.T) {
		h.sayAndWait(secretary, "/lang en", "English")
		h.sayAndWait(secretary, "/notes 11-22", "📝 Study notes · whole branch · 2026-11-22 (2 members, 2 notes)")
		h.sayAndWait(zhang, "/lang en", "English")
		got := h.sayAndWait(zhang, "/done 5 more", "already marked done")
		if !strings.Contains(got.Text, "Your note is updated") {
			t.Errorf("english answer:\n%s", got.Text)
		}
	})
}
