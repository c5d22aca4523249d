package bot

// helpTexts are the lines of /help: for each command what it does and an
// example, with the Chinese keywords the commands accept. A command in
// the menus without its line here is caught by TestTextsComplete.
var helpTexts = map[string][2]string{
	"help.help": {
		"/help — 查看本说明。",
		"/help — show this list.",
	},
	"help.done": {
		"/done [分钟] [心得] — 今天的学习打卡；直接回复“已学”或“打卡”也可以。例：/done 20 重温入党誓词",
		"/done [MINUTES] [NOTE] — mark today's study done; replying “done” works too. E.g. /done 20 read chapter one",
	},
	"help.me": {
		"/me — 我的学习记录：连续天数、本月打卡、本月上级指示精神传达的已阅情况。",
		"/me — my study record: streak, this month's days, this month's directives read.",
	},
	"help.studytime": {
		"/studytime [时间|请假|恢复|默认] — 查看或设置每天的学习提醒时间；请假要写事由，党小组长和书记会收到通知。例：/studytime 07:45，/studytime 请假 12-31 外出培训，/studytime 恢复",
		"/studytime [HH:MM|off|on|default] — show or set your daily study time; leave needs a reason, and your group leader and the secretary are told. E.g. /studytime 07:45, /studytime off 12-31 training course, /studytime on",
	},
	"help.notes": {
		"/notes [党小组] [日期] [周] — 党员的学习心得（党小组长看本组）。例：/notes，/notes 一组 12-03，/notes 12-03 周",
		"/notes [GROUP] [DATE] [week] — the members' study notes (group leaders see their group). E.g. /notes, /notes Group1 12-03, /notes 12-03 week",
	},
	"help.lang": {
		"/lang zh|en — 切换语言，命令菜单也随之切换。例：/lang en",
		"/lang zh|en — switch language; the command menu follows. E.g. /lang zh",
	},
	"help.report": {
		"/report [学习] [月份] — 学习统计（党小组长看本组，支委和书记看全支部）。例：/report 学习 2026-11；会议出席：/report 会议 [2026-11|2026-Q4]；书记另有 /report 谈话 [月份|季度]：谈心谈话、五联走访和爱心帮扶统计",
		"/report [study] [YYYY-MM] — study report (group leaders see their group, the committee the whole branch). E.g. /report study 2026-11; meeting attendance: /report meetings [2026-11|2026-Q4]; the secretary also has /report talks [YYYY-MM|YYYY-Qn]: talks, contact visits and care",
	},
	"help.handbook": {
		"/handbook [节] — 学习手册目录，或把全体党员调到某一节。例：/handbook 3",
		"/handbook [SECTION] — the handbook's sections, or move everyone to one. E.g. /handbook 3",
	},
	"help.members": {
		"/members — 党员名单，按党小组列出，含是否已加入。",
		"/members — the members by party group, and who has joined.",
	},
	"help.invite": {
		"/invite 姓名 [党小组] — 生成邀请链接，请私下发给本人。例：/invite 张三 第一党小组",
		"/invite NAME [GROUP] — make an invite link to send to them privately. E.g. /invite \"Zhang San\" \"Group 1\"",
	},
	"help.setrole": {
		"/setrole 党员 角色 — 设置角色：书记、支委、党小组长或党员。例：/setrole 张三 支委",
		"/setrole MEMBER ROLE — set a role: secretary, committee, leader or member. E.g. /setrole #12 leader",
	},
	"help.setgroup": {
		"/setgroup 党员 党小组 — 调整党小组，写“无”表示移出小组。例：/setgroup 张三 第二党小组",
		"/setgroup MEMBER GROUP — move to a party group; “none” for no group. E.g. /setgroup #12 \"Group 2\"",
	},
	"help.remove": {
		"/remove 党员 — 把党员移出支部，先确认再执行。例：/remove 张三",
		"/remove MEMBER — remove a member from the branch, after you confirm. E.g. /remove #12",
	},
	"help.outbox": {
		"/outbox — 待发送和发送失败的消息，以及怎么处理。",
		"/outbox — messages waiting and failed, and what to do about them.",
	},
	"help.broadcast": {
		"/broadcast [指示] [全体|党小组|支委] [定时 [日期] 时:分] 内容 — 发通知，发出前请您确认。例：/broadcast 全体 周五下午三点召开党员大会",
		"/broadcast [directive] [all|GROUP|committee] [at [DATE] HH:MM] TEXT — send a notice, after a preview. E.g. /broadcast all Branch meeting on Friday at 15:00",
	},
	"help.broadcasts": {
		"/broadcasts — 最近的通知：送达、已阅、未阅的人数和名单。",
		"/broadcasts — recent notices: who got them, who read them, who has not.",
	},
	"help.event": {
		"/event 党员 类别 [备注] [→ 谈话人] — 登记谈心谈话事项（婚丧嫁娶、家庭变故、生病住院、评优表彰、批评处分），确认后通知谈话人，当事党员不会收到通知。例：/event 张三 生病住院 住市一院",
		"/event MEMBER KIND [NOTE] [→ TALKER] — open a conversation case (wedding_funeral, family, hospital, commendation, discipline); the talker is told once you confirm, the member concerned never. E.g. /event #12 hospital",
	},
	"help.talks": {
		"/talks — 待谈事项；书记可 /talks reassign 事项 谈话人 原因 改派，/talks cancel 事项 原因 撤销。",
		"/talks — the conversations due; the secretary can /talks reassign CASE TALKER REASON and /talks cancel CASE REASON.",
	},
	"help.contact": {
		"/contact [add 联系人 类别 名称 | remove 编号] — 五联联系点（企业、项目、科室、村、社会活动），每期到期走访，提醒联系人并用 /talked 登记。例：/contact add 李组长 村 东风村",
		"/contact [add CADRE KIND NAME | remove ID] — standing contacts (enterprise, project, section, village, activity), each visited every period, reminded and logged with /talked. E.g. /contact add #7 village Dongfeng",
	},
	"help.care": {
		"/care 党员 帮扶对象 内容 [金额] — 登记爱心帮扶（探望、帮扶党员或群众），党员登记自己的。例：/care 我 王大爷 送米面油 300元",
		"/care WHO TO_WHOM WHAT [AMOUNT] — log a care visit or help given to a member or someone of the public; members log their own. E.g. /care me \"Old Wang\" groceries 300",
	},
	"help.talked": {
		"/talked 事项 — 登记谈话：日期、方式、简要记录、是否跟进。例：/talked 12",
		"/talked CASE — log a talk: the day, how, a short summary, any follow-up. E.g. /talked 12",
	},
	"help.quiz": {
		"/quiz — 考学：开始或继续答题，每题作答后不能更改。书记：/quiz open [题数] [until 年-月-日] 抽题，确认后发布，/quiz status 查看进度，/quiz close 结束并张榜，/quiz 题库 查看各章节题数；党小组长以上：/report 考学 [季度]。例：/quiz open 20 until 2026-12-20",
		"/quiz — the quiz: start or resume; an answer is final once given. The secretary: /quiz open [N] [until YYYY-MM-DD] draws and previews, /quiz status shows progress, /quiz close closes it and posts the scoreboard, /quiz bank counts the questions per section; leaders and up: /report quiz [YYYY-Qn]. E.g. /quiz open 20 until 2026-12-20",
	},
	"help.ledger": {
		"/ledger [月份|季度] — 支部台账 Excel 表：学习、心得、签到表、谈心谈话、通知、审计日志及图表（党小组长为本组学习与会议）。例：/ledger 2026-12",
		"/ledger [YYYY-MM|YYYY-Qn] — the branch's ledger as an Excel file: study, notes, sign-in registers, talks, notices, audit log and charts (a group leader gets their group's study and meetings). E.g. /ledger 2026-12",
	},
	"help.audit": {
		"/audit [条数] — 审计日志，默认最近 20 条。例：/audit 50",
		"/audit [N] — the audit log, the latest 20 entries by default. E.g. /audit 50",
	},
}
