package config

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestToken(t *testing.T) {
	const secret = "123456789:AAHsecretSECRETsecretSECRETsecret12"
	files := map[string]string{
		"token.txt": "\n " + secret + " \n",
		"empty.txt": " \n",
		"bad.txt":   "123:abc def",
	}
	readFile := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	tests := []struct {
		name      string
		tokenEnv  string
		tokenFile string
		env       map[string]string
		want      string
		wantErr   string
	}{
		{"from the default env var", "", "", map[string]string{"BRANCHBOT_TOKEN": secret}, secret, ""},
		{"from another env var, trimmed", "MY_TOKEN", "", map[string]string{"MY_TOKEN": " " + secret + "\n"}, secret, ""},
		{"env var unset", "", "", map[string]string{"OTHER": secret}, "", "set the BRANCHBOT_TOKEN environment variable"},
		{"env var with inner space", "", "", map[string]string{"BRANCHBOT_TOKEN": secret + " x"}, "", "environment variable BRANCHBOT_TOKEN does not hold a bot token"},
		{"from a file, trimmed, env ignored", "", "token.txt", map[string]string{"BRANCHBOT_TOKEN": "other"}, secret, ""},
		{"file missing", "", "missing.txt", map[string]string{"BRANCHBOT_TOKEN": secret}, "", "missing.txt"},
		{"file empty", "", "empty.txt", map[string]string{"BRANCHBOT_TOKEN": secret}, "", `telegram.token_file "empty.txt" is empty`},
		{"file with inner space", "", "bad.txt", nil, "", `telegram.token_file "bad.txt" does not hold a bot token`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Default()
			if tt.tokenEnv != "" {
				cfg.Telegram.TokenEnv = tt.tokenEnv
			}
			cfg.Telegram.TokenFile = tt.tokenFile
			got, err := cfg.Token(env(tt.env), readFile)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("Token() = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Token() = %q, want an error", got)
			}
			if got != "" {
				t.Errorf("Token() returned %q along with an error", got)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantErr) {
				t.Errorf("error %q does not contain %q", msg, tt.wantErr)
			}
			for _, leak := range []string{secret, "AAHsecret", "abc def"} {
				if strings.Contains(msg, leak) {
					t.Errorf("error %q contains the token", msg)
				}
			}
		})
	}
}

func TestTokenFromRealFile(t *testing.T) {
	cfg := Default()
	cfg.Telegram.TokenFile = filepath.Join("testdata", "token.txt")
	got, err := cfg.Token(noEnv, nil) // nil: os.ReadFile
	if err != nil {
		t.Fatal(err)
	}
	if want := "123456789:AAHfakeTokenFromFile_abcdefghijklmn"; got != want {
		t.Errorf("Token() = %q, want %q", got, want)
	}
}
