package config

import (
	"reflect"
	"testing"
)

func TestSuggest(t *testing.T) {
	fields := structFields(reflect.TypeFor[TelegramConfig]())
	tests := []struct{ parent, key, want string }{
		{"telegram", "limts", ` (did you mean "limits"?)`},
		{"telegram", "API_URL", ` (did you mean "api_url"?)`},
		{"telegram", "poll-timeout", ` (did you mean "poll_timeout"?)`},
		{"telegram", "timezone", ` (did you mean "branch.timezone"?)`},
		{"telegram", "xyz", ``},
		{"telegram", "m", ``},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := suggest(tt.parent, tt.key, fields); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}
