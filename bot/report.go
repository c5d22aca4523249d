package bot

// /me and /report study: streaks and completion, read from the study
// history.

var reportTexts = map[string][2]string{}

func (r *request) me(args []string) error     { return r.say("unknown.command", "me") }
func (r *request) report(args []string) error { return r.say("unknown.command", "report") }
