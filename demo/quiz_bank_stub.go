package demo

// A stand-in for the sample question bank, until the bank's own is
// embedded: a dozen questions on the sample handbook's sections.

import "github.com/branchbot/branchbot"

func demoQuizBank() *branchbot.QuestionBank {
	single := func(id, sec, text string, opts []string, right int, expl string) branchbot.Question {
		return branchbot.Question{ID: id, Section: sec, Kind: branchbot.SingleChoice, Text: text, Options: opts, Answer: []int{right}, Explanation: expl}
	}
	multi := func(id, sec, text string, opts []string, right []int, expl string) branchbot.Question {
		return branchbot.Question{ID: id, Section: sec, Kind: branchbot.MultipleChoice, Text: text, Options: opts, Answer: right, Explanation: expl}
	}
	tf := func(id, sec, text string, right int, expl string) branchbot.Question {
		return branchbot.Question{ID: id, Section: sec, Kind: branchbot.TrueFalse, Text: text, Answer: []int{right}, Explanation: expl}
	}
	return &branchbot.QuestionBank{Questions: []branchbot.Question{
		single("nature-purpose", "general-nature", "党的根本宗旨是什么？", []string{"全心全意为人民服务", "发展生产力", "维护社会稳定", "推进改革开放"}, 0, "总纲写明：党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益，根本宗旨是全心全意为人民服务。"),
		tf("nature-vanguard", "general-nature", "中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。", 0, "这是总纲开篇对党的性质的表述。"),
		single("duties-fee", "ch1-duties", "党员应当按照规定交纳什么？", []string{"会费", "党费", "团费"}, 1, "按照规定交纳党费是党员的基本义务之一。"),
		multi("duties-list", "ch1-duties", "下列哪些属于党员的义务？", []string{"认真学习", "贯彻执行党的基本路线", "自觉遵守党的纪律", "只参加自己感兴趣的组织生活"}, []int{0, 1, 2}, "参加组织生活是义务，不能挑选。"),
		tf("duties-secret", "ch1-duties", "党员可以不保守党和国家的秘密。", 1, "保守党和国家的秘密是党员必须履行的义务。"),
		multi("rights-list", "ch1-rights", "党员享有下列哪些权利？", []string{"参加党的有关会议", "在党的会议上参加讨论", "表决权、选举权和被选举权", "不受纪律约束"}, []int{0, 1, 2}, "党员的权利与义务统一，任何党员都受纪律约束。"),
		tf("rights-probation", "ch1-rights", "预备党员享有表决权。", 1, "预备党员没有表决权、选举权和被选举权。"),
		single("dc-principle", "ch2-democratic-centralism", "党的根本组织原则是什么？", []string{"集体领导", "民主集中制", "分级负责"}, 1, "民主集中制是党的根本组织原则和领导制度。"),
		multi("dc-four", "ch2-democratic-centralism", "“四个服从”包括哪些？", []string{"个人服从组织", "少数服从多数", "下级组织服从上级组织", "全党各个组织和全体党员服从党的全国代表大会和中央委员会"}, []int{0, 1, 2, 3}, "四个服从缺一不可。"),
		single("discipline-six", "ch7-discipline", "下列哪一项属于党的“六项纪律”？", []string{"经济纪律", "群众纪律", "技术纪律"}, 1, "六项纪律：政治、组织、廉洁、群众、工作、生活纪律。"),
		tf("discipline-equal", "ch7-discipline", "党内不允许有不受纪律约束的特殊党员。", 0, "纪律面前人人平等。"),
		single("groups-where", "ch9-party-groups", "党组设在哪里？", []string{"中央和地方国家机关、人民团体等的领导机关中", "每个党支部", "党小组"}, 0, "党组设在非党组织的领导机关中，发挥领导作用。"),
	}}
}
