package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
)

// loadHandbook reads a study handbook: YAML with unknown keys refused, then
// the handbook's own checks (unique ids, lengths).
func loadHandbook(path string) (*branchbot.Handbook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("handbook: %w", err)
	}
	return parseHandbook(path, data)
}

// parseHandbook decodes and checks a handbook; name is for messages.
func parseHandbook(path string, data []byte) (*branchbot.Handbook, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var hb branchbot.Handbook
	if err := dec.Decode(&hb); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("handbook %s: the file is empty", path)
		}
		return nil, fmt.Errorf("handbook %s: %v", path, err)
	}
	if err := hb.Validate(); err != nil {
		return nil, fmt.Errorf("handbook %s: %v", path, err)
	}
	return &hb, nil
}
