package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// defaultHealthURL is where a bot with ops.listen at its default serves
// /healthz.
const defaultHealthURL = "http://127.0.0.1:9090/healthz"

// runHealthcheck asks a running bot's /healthz and succeeds only on a 2xx
// answer: the container image has no curl, so its HEALTHCHECK runs this.
// The first line of the answer (the reason, on a 503) is printed.
func runHealthcheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("healthcheck", stderr)
	url := fs.String("url", defaultHealthURL, "the bot's /healthz address (ops.listen)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// The bot is local: never through a proxy from the environment.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	first, _, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("healthcheck: %s: %s %s", *url, resp.Status, first)
	}
	fmt.Fprintf(stdout, "%s: %s %s\n", *url, resp.Status, first)
	return nil
}
