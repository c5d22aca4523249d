package bot

// The audit log in the reader's words. Entries are stored as the code
// wrote them (an English action name, an English detail, times in UTC) and
// exported so; /audit renders them: the action by name, the detail by the
// pattern it was written with, times in the branch's zone. A detail of no
// known pattern is shown as stored.

import (
	"regexp"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// auditDetail is one pattern of detail and how to say it.
type auditDetail struct {
	re  *regexp.Regexp
	say func(l branchbot.Lang, m []string) string
}

// bcPattern is how a confirmed, scheduled or drafted notice is written.
const bcPattern = `^#(\d+) (notice|directive) to (.+?)(?:, ack=(true|false), group chat=(true|false))?: (".*?")` +
	`(?: at (\d{4}-\d\d-\d\d \d\d:\d\d))?(?:: (\d+) recipients \((\d+) unreachable\))?$`

// auditDetails are tried in order, per action ("" for any).
var auditDetails = map[string][]auditDetail{
	"refused": {
		{regexp.MustCompile(`^/(\w+) needs role (\w+)$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.needsrole", m[1], rolesFrom(l, branchbot.Role(m[2])))
		}},
		{regexp.MustCompile(`^/(\w+) outside the private chat$`), say1("audit.d.notprivate")},
		{regexp.MustCompile(`^/(\w+) in a forwarded message$`), say1("audit.d.forwarded")},
		{regexp.MustCompile(`^/(\w+) from a stranger$`), say1("audit.d.stranger")},
		{regexp.MustCompile(`^pressed "\w*" sent to member #(\d+)$`), say1("audit.d.notyours")},
		{regexp.MustCompile(`^case #(\d+) by .*: not the talker$`), say1("audit.d.casenotyours")},
	},
	"join": {
		{regexp.MustCompile(`^#(\d+) (.+) joined$`), say2("audit.d.joined")},
		{regexp.MustCompile(`^(?:malformed|unknown) invite code$`), say0("audit.d.badinvite")},
		{regexp.MustCompile(`^used invite for #(\d+)$`), say1("audit.d.usedinvite")},
		{regexp.MustCompile(`^member #(\d+) already joined$`), say1("audit.d.usedinvite")},
		{regexp.MustCompile(`^expired invite for #(\d+)$`), say1("audit.d.expiredinvite")},
		{regexp.MustCompile(`^invite for removed member #(\d+)$`), say1("audit.d.removedinvite")},
		{regexp.MustCompile(`^already bound, tried another invite$`), say0("audit.d.otherinvite")},
	},
	"invite": {
		{regexp.MustCompile(`^#(\d+) (.+) group="(.*)"$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.member.group", m[1], m[2], groupName(l, m[3]))
		}},
	},
	"setrole": {
		{regexp.MustCompile(`^#(\d+) (.+) → (\w+): last secretary$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.lastsecretary", m[1], m[2])
		}},
		{regexp.MustCompile(`^#(\d+) (.+): (\w+) → (\w+)$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.change", m[1], m[2], roleName(l, branchbot.Role(m[3])), roleName(l, branchbot.Role(m[4])))
		}},
	},
	"setgroup": {
		{regexp.MustCompile(`^#(\d+) (.+): "(.*)" → "(.*)"$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.change", m[1], m[2], groupName(l, m[3]), groupName(l, m[4]))
		}},
	},
	"remove": {
		{regexp.MustCompile(`^#(\d+) (.+): last secretary$`), say2("audit.d.lastsecretary")},
		{regexp.MustCompile(`^#(\d+) (.+) \((\w+), group "(.*)"\)$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.member.rolegroup", m[1], m[2], roleName(l, branchbot.Role(m[3])), groupName(l, m[4]))
		}},
	},
	"unreachable": {
		{regexp.MustCompile(`^#(\d+) (.+?): (.+)$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.unreachable", m[1], m[2], failureLabel(l, m[3]))
		}},
	},
	"bootstrap": {
		{regexp.MustCompile(`^secretary tg:(\d+) from config as #(\d+)$`), say2("audit.d.bootstrap")},
	},
	"handbook": {
		{regexp.MustCompile(`^everyone → section (\d+) (\S+) \((\d+) of (\d+) plans moved\)$`), say2("audit.d.handbook")},
	},
	"study": {
		{regexp.MustCompile(`^bot down: (\d+) prompt\(s\) to (\d+) member\(s\) recorded as missed by the bot \((.+)\)$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.botmissed", atoi(m[2]), atoi(m[1]), m[3])
		}},
	},
	"broadcast.cancel": {
		{regexp.MustCompile(`^#(\d+)$`), say1("audit.d.notice")},
	},
	"broadcast": {
		{regexp.MustCompile(`^#(\d+) at its set time: (\d+) recipients \((\d+) unreachable\)$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.settime", m[1], atoi(m[2]), atoi(m[3]))
		}},
		{regexp.MustCompile(`^(\d+) notice\(s\) queued again for #(\d+) (.+), reachable again$`), func(l branchbot.Lang, m []string) string {
			return T(l, "audit.d.catchup", atoi(m[1]), m[2], m[3])
		}},
	},
	"": {
		{regexp.MustCompile(bcPattern), sayNotice},
	},
}

func say0(key string) func(branchbot.Lang, []string) string {
	return func(l branchbot.Lang, _ []string) string { return T(l, key) }
}

func say1(key string) func(branchbot.Lang, []string) string {
	return func(l branchbot.Lang, m []string) string { return T(l, key, m[1]) }
}

func say2(key string) func(branchbot.Lang, []string) string {
	return func(l branchbot.Lang, m []string) string { return T(l, key, m[1], m[2]) }
}

// sayNotice says a notice's entry: what, to whom, how, when, how many.
func sayNotice(l branchbot.Lang, m []string) string {
	parts := []string{T(l, "audit.d.notice", m[1])}
	if m[2] == string(branchbot.BroadcastDirective) {
		parts = append(parts, T(l, "audit.kind.directive"))
	}
	parts = append(parts, T(l, "audit.d.to", audienceFromEN(l, m[3])))
	if m[4] != "" {
		parts = append(parts, T(l, "audit.d.ack."+m[4]), T(l, "audit.d.groupchat."+m[5]))
	}
	parts = append(parts, m[6])
	if m[7] != "" {
		parts = append(parts, T(l, "audit.d.at", m[7]))
	}
	if m[8] != "" {
		parts = append(parts, T(l, "audit.d.recipients", atoi(m[8]), atoi(m[9])))
	}
	return strings.Join(parts, " · ")
}

// audienceFromEN reads back an audience as the English audit detail
// names it.
func audienceFromEN(l branchbot.Lang, s string) string {
	for _, a := range []string{branchbot.AudienceAll, branchbot.AudienceCommittee} {
		if s == T(branchbot.LangEN, "bc.aud."+a) {
			return T(l, "bc.aud."+a)
		}
	}
	if g, ok := strings.CutPrefix(s, "group “"); ok {
		return T(l, "bc.aud.group", strings.TrimSuffix(g, "”"))
	}
	return s
}

func groupName(l branchbot.Lang, g string) string {
	if g == "" {
		return T(l, "members.nogroup")
	}
	return g
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// rfc3339 finds the UTC times written into details.
var rfc3339 = regexp.MustCompile(`\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)`)

// auditAction names an action in l.
func auditAction(l branchbot.Lang, action string) string {
	if t, ok := lookup("audit.a." + action); ok {
		return t[langIndex(l)]
	}
	return action
}

// auditText renders an entry's detail in l, its times in loc.
func auditText(l branchbot.Lang, loc *time.Location, action, detail string) string {
	detail = rfc3339.ReplaceAllStringFunc(detail, func(s string) string {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return s
		}
		return t.In(loc).Format("2006-01-02 15:04")
	})
	for _, ds := range [][]auditDetail{auditDetails[action], auditDetails[""]} {
		for _, d := range ds {
			if m := d.re.FindStringSubmatch(detail); m != nil {
				return d.say(l, m)
			}
		}
	}
	return detail
}

// auditTexts are the words of /audit.
var auditTexts = map[string][2]string{
	"audit.a.join":               {"加入", "joined"},
	"audit.a.invite":             {"邀请", "invite"},
	"audit.a.setrole":            {"设置角色", "role set"},
	"audit.a.setgroup":           {"调整党小组", "group set"},
	"audit.a.remove":             {"移除党员", "member removed"},
	"audit.a.refused":            {"拒绝执行", "refused"},
	"audit.a.unreachable":        {"无法送达", "unreachable"},
	"audit.a.bootstrap":          {"初始书记", "first secretary"},
	"audit.a.handbook":           {"调整学习进度", "handbook section set"},
	"audit.a.study":              {"每日学习", "daily study"},
	"audit.a.broadcast":          {"发送通知", "notice sent"},
	"audit.a.broadcast.draft":    {"起草通知", "notice drafted"},
	"audit.a.broadcast.cancel":   {"取消通知", "notice cancelled"},
	"audit.a.broadcast.schedule": {"定时通知", "notice scheduled"},
	"audit.a.case.open":          {"登记谈话事项", "conversation case opened"},
	"audit.a.case.done":          {"登记谈话", "talk logged"},
	"audit.a.case.reassign":      {"改派谈话事项", "conversation case reassigned"},
	"audit.a.case.cancel":        {"撤销谈话事项", "conversation case cancelled"},
	"audit.d.casenotyours":       {"试图查看非本人负责的谈话事项 #%s", "tried to read case #%s, not theirs"},
	"audit.d.needsrole":          {"/%s 仅限%s使用", "/%s is only for %s"},
	"audit.d.notprivate":         {"在私聊以外使用 /%s", "/%s outside the private chat"},
	"audit.d.forwarded":          {"转发的消息中含 /%s", "/%s in a forwarded message"},
	"audit.d.stranger":           {"未加入的人使用 /%s", "/%s from someone who has not joined"},
	"audit.d.notyours":           {"按了发给 #%s 的按钮", "pressed a button sent to #%s"},
	"audit.d.joined":             {"#%s %s 已加入", "#%s %s joined"},
	"audit.d.badinvite":          {"邀请链接无效", "invite link not valid"},
	"audit.d.usedinvite":         {"#%s 的邀请链接已被使用", "the invite link of #%s was already used"},
	"audit.d.expiredinvite":      {"#%s 的邀请链接已过期", "the invite link of #%s had expired"},
	"audit.d.removedinvite":      {"#%s 已被移除，邀请链接无效", "#%s was removed; the invite link is void"},
	"audit.d.otherinvite":        {"已加入，又用了另一个邀请链接", "already joined, tried another invite link"},
	"audit.d.member.group":       {"#%s %s（%s）", "#%s %s (%s)"},
	"audit.d.member.rolegroup":   {"#%s %s（%s，%s）", "#%s %s (%s, %s)"},
	"audit.d.change":             {"#%s %s：%s → %s", "#%s %s: %s → %s"},
	"audit.d.lastsecretary":      {"#%s %s 是最后一位书记，未执行", "#%s %s is the last secretary; not done"},
	"audit.d.unreachable":        {"#%s %s：%s", "#%s %s: %s"},
	"audit.d.bootstrap":          {"配置文件中的书记（Telegram %s）成为 #%s", "secretary from the configuration (Telegram %s) as #%s"},
	"audit.d.handbook":           {"全体党员调到第%s节（%s）", "everyone moved to section %s (%s)"},
	"audit.d.botmissed":          {"机器人停止运行：%d 位党员共 %d 次学习提醒未能发出（%s），记为机器人漏发", "bot down: %[2]d study {prompt|prompts} to %[1]d {member|members} missed by the bot (%[3]s)"},
	"audit.d.notice":             {"通知 #%s", "notice #%s"},
	"audit.d.settime":            {"通知 #%s 到点发出：共 %d 人（%d 人无法送达）", "notice #%s sent at its set time: %d {recipient|recipients} (%d unreachable)"},
	"audit.d.catchup":            {"%d 条通知重新发给 #%s %s（恢复可送达）", "%d {notice|notices} queued again for #%s %s (reachable again)"},
	"audit.d.to":                 {"发给%s", "to %s"},
	"audit.d.ack.true":           {"需要回执", "acknowledgement asked"},
	"audit.d.ack.false":          {"不需回执", "no acknowledgement"},
	"audit.d.groupchat.true":     {"同时发支部群", "posted in the group chat"},
	"audit.d.groupchat.false":    {"不发支部群", "not in the group chat"},
	"audit.d.at":                 {"定时 %s", "at %s"},
	"audit.d.recipients":         {"共 %d 人（%d 人无法送达）", "%d {recipient|recipients} (%d unreachable)"},
	"audit.kind.directive":       {"上级指示精神传达", "directive from above"},
}
