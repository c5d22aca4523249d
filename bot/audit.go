package bot

// /audit: the latest entries of the audit log.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// Bounds of /audit N.
const (
	defaultAuditLines = 20
	maxAuditLines     = 200
)

// auditLog handles /audit [N]: the newest N entries, newest first.
func (r *request) auditLog(args []string) error {
	n := defaultAuditLines
	if len(args) > 1 {
		return r.say("audit.usage", maxAuditLines)
	}
	if len(args) == 1 {
		v, err := strconv.Atoi(args[0])
		if err != nil || v < 1 {
			return r.say("audit.usage", maxAuditLines)
		}
		n = min(v, maxAuditLines)
	}
	es, err := r.tx.LatestAudit(n)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		return r.say("audit.empty")
	}
	l := r.lang
	names := map[int64]string{}
	actor := func(e branchbot.AuditEntry) string {
		switch {
		case e.ActorID != 0:
			if name, ok := names[e.ActorID]; ok {
				return name
			}
			name := fmt.Sprintf("#%d", e.ActorID)
			if m, err := r.tx.Member(e.ActorID); err == nil {
				name = m.Name
			}
			names[e.ActorID] = name
			return name
		case e.ActorTG != 0:
			return fmt.Sprintf("tg:%d", e.ActorTG)
		}
		return T(l, "audit.system")
	}
	var sb strings.Builder
	sb.WriteString(T(l, "audit.head", len(es)))
	for _, e := range es {
		mark := ""
		if e.Refused {
			mark = T(l, "audit.refused")
		}
		loc := r.b.opts.Location
		fmt.Fprintf(&sb, "\n%s#%d %s · %s · %s", mark, e.Seq, e.Time.In(loc).Format("01-02 15:04"), actor(e), auditAction(l, e.Action))
		if e.Detail != "" {
			sb.WriteString(" · " + auditText(l, loc, e.Action, e.Detail))
		}
	}
	return r.send(&branchbot.Outgoing{Text: sb.String()})
}
