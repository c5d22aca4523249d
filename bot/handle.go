package bot

import (
	"errors"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// anonymousAdminID is the account Telegram shows for a group's anonymous
// administrators; nobody can be identified behind it.
const anonymousAdminID = 1087968824

// commandSpec describes a chat command: who may use it and how the menu
// describes it.
type commandSpec struct {
	name   string
	role   branchbot.Role // least role allowed
	desc   [2]string      // zh, en
	hidden bool           // not shown in menus or /help
}

// commandSpecs lists the commands in menu order.
var commandSpecs = []commandSpec{
	{name: "start", role: branchbot.RoleMember, hidden: true},
	{name: "help", role: branchbot.RoleMember, desc: [2]string{"查看可用命令", "Show the commands"}},
	{name: "done", role: branchbot.RoleMember, desc: [2]string{"今日学习打卡：/done [分钟] [心得]", "Mark today's study done: /done [MINUTES] [NOTE]"}},
	{name: "me", role: branchbot.RoleMember, desc: [2]string{"我的学习记录", "My study record"}},
	{name: "studytime", role: branchbot.RoleMember, desc: [2]string{"学习时间与请假：/studytime 07:45 | 请假 [日期] 事由 | 恢复", "Study time and leave: /studytime HH:MM | off [DATE] REASON | on"}},
	{name: "lang", role: branchbot.RoleMember, desc: [2]string{"切换语言 zh/en", "Switch language zh/en"}},
	{name: "notes", role: branchbot.RoleLeader, desc: [2]string{"学习心得：/notes [党小组] [日期] [周]", "Study notes: /notes [GROUP] [DATE] [week]"}},
	{name: "report", role: branchbot.RoleLeader, desc: [2]string{"统计：/report [学习|会议] [YYYY-MM]", "Reports: /report study|meetings [YYYY-MM]"}},
	{name: "handbook", role: branchbot.RoleSecretary, desc: [2]string{"全员调到某一节：/handbook 节", "Move everyone to a section: /handbook SECTION"}},
	{name: "members", role: branchbot.RoleLeader, desc: [2]string{"党员名单", "List members"}},
	{name: "invite", role: branchbot.RoleSecretary, desc: [2]string{"邀请党员：/invite 姓名 [党小组]", "Invite: /invite NAME [GROUP]"}},
	{name: "setrole", role: branchbot.RoleSecretary, desc: [2]string{"设置角色：/setrole 党员 角色", "Set role: /setrole MEMBER ROLE"}},
	{name: "setgroup", role: branchbot.RoleSecretary, desc: [2]string{"调整党小组：/setgroup 党员 党小组", "Set group: /setgroup MEMBER GROUP"}},
	{name: "remove", role: branchbot.RoleSecretary, desc: [2]string{"移除党员：/remove 党员", "Remove: /remove MEMBER"}},
	{name: "outbox", role: branchbot.RoleSecretary, desc: [2]string{"发送队列与失败消息", "Outbox and failed messages"}},
	{name: "broadcast", role: branchbot.RoleSecretary, desc: [2]string{"发通知：/broadcast [指示] [全体|党小组|支委] 内容", "Notice: /broadcast [directive] [all|GROUP|committee] TEXT"}},
	{name: "broadcasts", role: branchbot.RoleSecretary, desc: [2]string{"通知的送达与回执", "Notices: delivery and acknowledgements"}},
	{name: "meetings", role: branchbot.RoleMember, desc: [2]string{"我的会议与答复", "My meetings and answers"}},
	{name: "meeting", role: branchbot.RoleLeader, desc: [2]string{"安排会议：/meeting [类型] [全体|党小组|支委] [年-]月-日 时:分 主题 [@ 地点]", "Schedule: /meeting [KIND] [all|GROUP|committee] [YYYY-]MM-DD HH:MM TITLE [@ PLACE]"}},
	{name: "event", role: branchbot.RoleLeader, desc: [2]string{"登记谈心谈话事项：/event 党员 类别 [备注]", "Open a conversation case: /event MEMBER KIND [NOTE]"}},
	{name: "talks", role: branchbot.RoleLeader, desc: [2]string{"待谈事项", "Conversations due"}},
	{name: "talked", role: branchbot.RoleLeader, desc: [2]string{"登记谈话：/talked 事项", "Log a talk: /talked CASE"}},
	{name: "checkin", role: branchbot.RoleMember, desc: [2]string{"会议签到：/checkin [签到码]", "Sign in to a meeting: /checkin [CODE]"}},
	{name: "attendance", role: branchbot.RoleLeader, desc: [2]string{"更正出席：/attendance 会议 党员 出席|缺席|请假|补课", "Correct attendance: /attendance MEETING MEMBER present|absent|leave|madeup"}},
	{name: "materials", role: branchbot.RoleLeader, desc: [2]string{"会议材料：/materials 会议 [文字]（可附图片或文件）", "Meeting materials: /materials MEETING [TEXT] (a photo or file may go with it)"}},
	{name: "agenda", role: branchbot.RoleCommittee, desc: [2]string{"提交会议议题：/agenda 会议编号 议题", "Add an agenda item: /agenda MEETING TEXT"}},
	{name: "minutes", role: branchbot.RoleSecretary, desc: [2]string{"会议议题与决定：/minutes 会议编号", "Items and decisions: /minutes MEETING"}},
	{name: "theme", role: branchbot.RoleSecretary, desc: [2]string{"每月主题：/theme 年-月 主题", "Month's theme: /theme YYYY-MM TEXT"}},
	{name: "contact", role: branchbot.RoleSecretary, desc: [2]string{"五联联系点：/contact [add 联系人 类别 名称 | remove 编号]", "Standing contacts: /contact [add CADRE KIND NAME | remove ID]"}},
	{name: "care", role: branchbot.RoleMember, desc: [2]string{"登记爱心帮扶：/care 党员 对象 内容 [金额]", "Log a care visit: /care WHO TO_WHOM WHAT [AMOUNT]"}},
	{name: "quiz", role: branchbot.RoleMember, desc: [2]string{"考学：/quiz 答题或继续；书记：/quiz open|status|close|bank", "Quiz: /quiz to take or resume; the secretary: /quiz open|status|close|bank"}},
	{name: "audit", role: branchbot.RoleSecretary, desc: [2]string{"审计日志：/audit [条数]", "Audit log: /audit [N]"}},
	{name: "ledger", role: branchbot.RoleLeader, desc: [2]string{"支部台账（Excel）：/ledger [月份|季度]", "Branch ledger (Excel): /ledger [YYYY-MM|YYYY-Qn]"}},
}

// runners holds what each command does. It is apart from commandSpecs so
// that /help can read the specs without an initialisation cycle.
var runners = map[string]func(*request, []string) error{
	"start":      (*request).start,
	"help":       (*request).help,
	"lang":       (*request).setLang,
	"done":       (*request).doneCommand,
	"me":         (*request).me,
	"studytime":  (*request).studyTime,
	"report":     (*request).report,
	"notes":      (*request).notes,
	"handbook":   (*request).handbook,
	"members":    (*request).members,
	"invite":     (*request).invite,
	"setrole":    (*request).setRole,
	"setgroup":   (*request).setGroup,
	"remove":     (*request).remove,
	"outbox":     (*request).outbox,
	"broadcast":  (*request).broadcast,
	"broadcasts": (*request).broadcasts,
	"meeting":    (*request).meeting,
	"meetings":   (*request).meetingsList,
	"checkin":    (*request).checkin,
	"attendance": (*request).attendance,
	"materials":  (*request).materials,
	"agenda":     (*request).agendaCommand,
	"minutes":    (*request).minutesCommand,
	"theme":      (*request).themeCommand,
	"audit":      (*request).auditLog,
	"ledger":     (*request).ledgerCommand,
	"event":      (*request).event,
	"talks":      (*request).talks,
	"talked":     (*request).talked,
	"contact":    (*request).contact,
	"care":       (*request).care,
	"quiz":       (*request).quiz,
}

func specOf(name string) (commandSpec, bool) {
	for _, c := range commandSpecs {
		if c.name == name {
			return c, true
		}
	}
	return commandSpec{}, false
}

// handle applies one update. It returns an error only for failures that
// must roll the transaction back; a person's mistake gets an answer and nil.
func (b *Bot) handle(r *request) error {
	var err error
	switch u := r.u; {
	case u.Message != nil:
		err = b.onMessage(r, u.Message)
	case u.CallbackQuery != nil:
		err = b.onCallback(r, u.CallbackQuery)
	}
	// Edited messages and anything else change nothing.
	if err != nil {
		return err
	}
	if r.reachable && r.member != nil {
		if err := b.catchUpNotices(r.tx, r.member); err != nil {
			return err
		}
		if err := b.catchUpMeetings(r.tx, r.member); err != nil { // meeting_catchup.go
			return err
		}
		if err := b.catchUpQuiz(r.tx, r.member); err != nil { // quiz_catchup.go
			return err
		}
	}
	// An acknowledgement or a removal can settle a broadcast's last copy.
	return b.broadcastProgress(r.tx, r.tx.BroadcastsTouched())
}

// identify finds the member behind a Telegram user and refreshes what the
// bot knows of them when they write in private.
func (r *request) identify(from *models.User, private bool) error {
	r.from = from
	m, err := r.tx.MemberByTelegramID(from.ID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	r.member, r.lang = m, langOf(m, r.b.opts.Language)
	if !private {
		return nil
	}
	changed := false
	if m.Unreachable {
		// They wrote to the bot, so it can write to them again.
		m.Unreachable, m.UnreachableWhy = false, ""
		changed, r.reachable = true, true
	}
	if m.Username != from.Username {
		m.Username, changed = from.Username, true
	}
	if m.AutoName {
		if name := telegramName(from); name != "" && branchbot.ValidateName(name) == nil {
			if _, err := r.tx.MemberByName(name); err != nil {
				m.Name, m.AutoName, changed = name, false, true
			}
		}
	}
	if changed {
		return r.tx.PutMember(m)
	}
	return nil
}

func telegramName(u *models.User) string {
	return fullName(u.FirstName, u.LastName)
}

func (b *Bot) onMessage(r *request, msg *models.Message) error {
	if msg.From == nil || msg.From.IsBot || msg.From.ID == anonymousAdminID || msg.SenderChat != nil {
		// Channels, anonymous admins and bots are nobody we can trust.
		return nil
	}
	private := msg.Chat.Type == models.ChatTypePrivate && msg.Chat.ID == msg.From.ID
	r.chat, r.msg = msg.Chat.ID, msg
	if err := r.identify(msg.From, private); err != nil {
		return err
	}
	text, _ := messageBody(msg)
	name, args, isCmd := parseCommand(text, b.username)
	if isCmd && msg.Text == "" && name != "broadcast" && name != "materials" {
		// Only /broadcast and /materials take a photo or file; any other
		// command in a caption is just a caption.
		name, args, isCmd = "", nil, false
	}
	forwarded := msg.ForwardOrigin != nil || msg.IsAutomaticForward
	spec, known := specOf(name)
	privileged := known && spec.role != branchbot.RoleMember

	switch {
	case isCmd && forwarded:
		// A forwarded command is someone else's words: never obey it.
		if privileged {
			return r.audit("refused", "/"+name+" in a forwarded message", true)
		}
		return nil
	case !private:
		if isCmd && privileged {
			if err := r.audit("refused", "/"+name+" outside the private chat", true); err != nil {
				return err
			}
			if r.member != nil {
				return r.send(&branchbot.Outgoing{ChatID: r.member.ChatID(), Text: T(r.lang, "refused.private", name)})
			}
		}
		return nil
	case r.member == nil:
		if isCmd && name == "start" && len(args) == 1 {
			return r.join(args[0])
		}
		if privileged {
			if err := r.audit("refused", "/"+name+" from a stranger", true); err != nil {
				return err
			}
		}
		// Told once a window, however often they write.
		return r.sayStranger(true, "stranger", b.opts.BranchName)
	case !isCmd && msg.Text == "":
		// Stickers, photos and the like: nothing to act on.
		return nil
	case !isCmd:
		return r.freeText()
	case !known:
		return r.say("unknown.command", name)
	case !r.member.Is(spec.role):
		if err := r.audit("refused", "/"+name+" needs role "+string(spec.role), true); err != nil {
			return err
		}
		return r.say("refused.role", name, rolesFrom(r.lang, spec.role))
	}
	return runners[name](r, args)
}
