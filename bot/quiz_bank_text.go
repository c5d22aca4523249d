package bot

// quizBankTexts are the texts of /quiz bank: what the question bank holds.
var quizBankTexts = map[string][2]string{
	"quizbank.off": {
		"测验未开启：还没有题库。请在配置文件中设置 quiz.bank（YAML 或 CSV 题库文件，格式见 config.example.yaml 和 quiz_bank.example.yaml），然后重启机器人。",
		"Quizzes are off: there is no question bank. Set quiz.bank in the configuration file (a YAML or CSV bank; see config.example.yaml and quiz_bank.example.yaml), then restart the bot.",
	},
	"quizbank.head": {
		"📚 题库：共 %d 题，涉及 %d 节",
		"📚 Question bank: %d {question|questions} over %d {section|sections}",
	},
	"quizbank.kinds": {
		"单选 %d · 多选 %d · 判断 %d",
		"single choice %d · multiple choice %d · true/false %d",
	},
	"quizbank.section": {
		"%d. %s：%d 题（%s）",
		"%d. %s: %d (%s)",
	},
	"quizbank.other": {
		"%s：%d 题（%s）",
		"%s: %d (%s)",
	},
	"quizbank.empty": {
		"⚠️ 以下 %d 节还没有题目：%s",
		"⚠️ %d {section has|sections have} no questions yet: %s",
	},
	"quizbank.hint": {
		"测验按本季度学习过的章节加权抽题：学得多的章节出题多，没学过的章节也可能出题。",
		"A quiz draws more questions from the sections studied most this quarter; unstudied sections can still come up.",
	},
	"quizbank.sep": {"、", ", "},
}
