package config

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a time.Duration written in YAML as "50s" or "1h30m".
type Duration time.Duration

// Duration returns d as a time.Duration.
func (d Duration) Duration() time.Duration { return time.Duration(d) }

// String formats d like time.Duration, e.g. "50s".
func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalYAML parses a duration such as "50s" or "1h30m".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if v, err := time.ParseDuration(n.Value); err == nil {
			*d = Duration(v)
			return nil
		}
	}
	return fmt.Errorf(`want a duration such as "50s" or "1h30m", got %s`, describe(n))
}

// MarshalYAML writes d as a duration string such as "50s".
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }
