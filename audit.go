package branchbot

import "time"

// AuditEntry is one line of the append-only audit log: who did what, when,
// and whether it was allowed.
type AuditEntry struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	ActorTG int64     `json:"actor_tg"`
	ActorID int64     `json:"actor,omitempty"` // member id, 0 for strangers and the system
	Action  string    `json:"action"`          // e.g. "invite", "setrole", "refused"
	Detail  string    `json:"detail,omitempty"`
	Refused bool      `json:"refused,omitempty"`
}
