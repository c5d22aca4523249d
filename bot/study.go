package bot

// The daily study: prompts (rendered here for the scheduler), done
// presses and replies, snoozes, /done, /studytime and /handbook.

var studyTexts = map[string][2]string{}

func (r *request) doneCommand(args []string) error { return r.say("unknown.command", "done") }
func (r *request) studyTime(args []string) error   { return r.say("unknown.command", "studytime") }
func (r *request) handbook(args []string) error    { return r.say("unknown.command", "handbook") }
