package telegramtest

// signal is a broadcast notification: waiters take the channel from wait
// and block on it; fire closes it, waking all of them. It costs nothing
// while nobody waits. Callers hold Server.mu around wait and fire.
type signal struct {
	ch chan struct{}
}

// wait returns a channel that is closed by the next fire.
func (g *signal) wait() <-chan struct{} {
	if g.ch == nil {
		g.ch = make(chan struct{})
	}
	return g.ch
}

// fire wakes everyone waiting.
func (g *signal) fire() {
	if g.ch != nil {
		close(g.ch)
		g.ch = nil
	}
}
