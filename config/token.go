package config

import (
	"fmt"
	"os"
	"strings"
	"unicode"
)

// Token returns the bot token: the trimmed contents of telegram.token_file
// if that is set, else the value of the environment variable named by
// telegram.token_env. A nil getenv means os.Getenv and a nil readFile means
// os.ReadFile. Errors name the variable or file but never contain the token.
func (c *Config) Token(getenv func(string) string, readFile func(string) ([]byte, error)) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if readFile == nil {
		readFile = os.ReadFile
	}
	if file := c.Telegram.TokenFile; file != "" {
		data, err := readFile(file)
		if err != nil {
			return "", fmt.Errorf("read bot token from telegram.token_file: %w", err)
		}
		token := strings.TrimSpace(string(data))
		if token == "" {
			return "", fmt.Errorf("telegram.token_file %q is empty; it must hold the bot token", file)
		}
		if !plausibleToken(token) {
			return "", fmt.Errorf("telegram.token_file %q does not hold a bot token: it has spaces, slashes or control characters inside", file)
		}
		return token, nil
	}
	env := c.Telegram.TokenEnv
	token := strings.TrimSpace(getenv(env))
	if token == "" {
		return "", fmt.Errorf("no bot token: set the %s environment variable (or telegram.token_file in the configuration)", env)
	}
	if !plausibleToken(token) {
		return "", fmt.Errorf("environment variable %s does not hold a bot token: it has spaces, slashes or control characters inside", env)
	}
	return token, nil
}

// plausibleToken reports whether token can be used in a Bot API URL path.
func plausibleToken(token string) bool {
	for _, r := range token {
		if r == '/' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// WebhookSecret returns the webhook secret token from the environment
// variable named by telegram.webhook.secret_env (nil getenv means
// os.Getenv). Parse has already checked it when the mode is webhook.
func (c *Config) WebhookSecret(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	return getenv(c.Telegram.Webhook.SecretEnv)
}
