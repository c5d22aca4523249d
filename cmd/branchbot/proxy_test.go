package main

// The bot reaches Telegram through a proxy named in the environment
// (HTTPS_PROXY), as it must where api.telegram.org cannot be reached
// directly. The test runs the real binary with nothing but the
// environment changed and talks to it end to end.

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

// proxiedAPIHost stands for api.telegram.org. It ends in .onion, a name
// Go's own resolver refuses to look up (RFC 7686), and the child runs with
// that resolver: had the bot ignored the proxy it would fail at once,
// without a DNS query or a connection leaving the machine. With the proxy,
// only the proxy ever sees the name.
const proxiedAPIHost = "api.telegram.onion"

// TestProxyFromEnvironment runs the bot with telegram.api_url
// https://api.telegram.onion and HTTPS_PROXY pointing at a loopback proxy,
// an HTTP CONNECT proxy and a SOCKS5 one in turn. Each proxy accepts only
// that host and tunnels it to a TLS front of the fake Bot API whose
// certificate the child trusts through SSL_CERT_FILE. The bot answering
// /help proves the whole path: proxy, TLS with the name verified, Bot API.
//
// A test inside this process could only look at the transport's Proxy
// function, and net/http reads the proxy variables once per process; the
// child reads them as an operator's bot does.
func TestProxyFromEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildChildBinary(t)
	for _, kind := range []string{"http", "socks5"} {
		t.Run(kind, func(t *testing.T) {
			srv := newChildServer(t)
			certFile, tlsAddr := startTLSFront(t, srv)
			tun := &tunnels{t: t, allow: proxiedAPIHost + ":443", upstream: tlsAddr}
			var proxyURL string
			if kind == "http" {
				proxyURL = tun.serveConnect()
			} else {
				proxyURL = tun.serveSOCKS5()
			}

			dir := t.TempDir()
			cfg := writeChildConfig(t, dir, childConfig{
				APIURL:      "https://" + proxiedAPIHost,
				DBPath:      filepath.Join(dir, "branchbot.db"),
				Secretaries: []int64{childSecretary.ID},
				Limits:      childLimits,
			})
			env := append(withoutProxyEnv(childEnv(srv.Token())),
				"HTTPS_PROXY="+proxyURL,
				"SSL_CERT_FILE="+certFile,
				"GODEBUG=netdns=go",
			)
			startChildProc(t, "bot behind a "+kind+" proxy", bin, env, "run", "-config", cfg)

			srv.SendText(childSecretary, childSecretary.ID, "/help")
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if _, err := srv.WaitMessage(ctx, childSecretary.ID, func(m telegramtest.Message) bool {
				return m.FromBot && strings.Contains(m.Text, helpMark)
			}); err != nil {
				t.Fatalf("no answer to /help through the %s proxy: %v", kind, err) // the child's stderr follows
			}
			if got := tun.targets(); len(got) == 0 {
				t.Errorf("the %s proxy saw no request", kind)
			} else {
				t.Logf("%d tunnels through the %s proxy to %s", len(got), kind, got[0])
			}
			if refused := tun.refusedTargets(); len(refused) > 0 {
				t.Errorf("the bot asked the proxy for other hosts: %q", refused)
			}
		})
	}
}

// withoutProxyEnv drops the host's proxy settings (net/http reads
// both cases) and GODEBUG from env.
func withoutProxyEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "REQUEST_METHOD", "GODEBUG", "SSL_CERT_FILE", "SSL_CERT_DIR":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// startTLSFront serves the fake Bot API over TLS on loopback with a
// self-signed certificate for proxiedAPIHost, written to a PEM file for
// the child's SSL_CERT_FILE. It returns the file and the listen address.
func startTLSFront(t *testing.T, srv *telegramtest.Server) (certFile, addr string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: proxiedAPIHost},
		DNSNames:              []string{proxiedAPIHost},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certFile = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	target, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewUnstartedServer(&httputil.ReverseProxy{
		Rewrite:       func(r *httputil.ProxyRequest) { r.SetURL(target) },
		FlushInterval: -1,
		// The child is killed mid-request when the test ends.
		ErrorLog: log.New(io.Discard, "", 0),
	})
	front.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	front.StartTLS()
	t.Cleanup(front.Close)
	return certFile, front.Listener.Addr().String()
}

// tunnels is a loopback proxy that tunnels connections to one allowed
// host:port to upstream, a loopback address, and refuses any other
// target without dialling it.
type tunnels struct {
	t        *testing.T
	allow    string
	upstream string

	mu      sync.Mutex
	seen    []string
	refused []string
	conns   []net.Conn
	wg      sync.WaitGroup
}

func (tu *tunnels) targets() []string {
	tu.mu.Lock()
	defer tu.mu.Unlock()
	return append([]string(nil), tu.seen...)
}

func (tu *tunnels) refusedTargets() []string {
	tu.mu.Lock()
	defer tu.mu.Unlock()
	return append([]string(nil), tu.refused...)
}

// open records a request for target and, if it is the allowed one, dials
// upstream.
func (tu *tunnels) open(target string) (net.Conn, bool) {
	tu.mu.Lock()
	defer tu.mu.Unlock()
	if target != tu.allow {
		tu.refused = append(tu.refused, target)
		return nil, false
	}
	up, err := net.Dial("tcp", tu.upstream)
	if err != nil {
		tu.t.Errorf("proxy: dial the TLS front: %v", err)
		return nil, false
	}
	tu.seen = append(tu.seen, target)
	tu.conns = append(tu.conns, up)
	return up, true
}

// pipe copies both ways between the client and upstream until either
// side closes; the proxy's cleanup closes what is left.
func (tu *tunnels) pipe(client net.Conn, clientReader io.Reader, up net.Conn) {
	tu.mu.Lock()
	tu.conns = append(tu.conns, client)
	tu.mu.Unlock()
	tu.wg.Add(2)
	go func() {
		defer tu.wg.Done()
		_, _ = io.Copy(up, clientReader)
		up.Close()
	}()
	go func() {
		defer tu.wg.Done()
		_, _ = io.Copy(client, up)
		client.Close()
	}()
}

func (tu *tunnels) close() {
	tu.mu.Lock()
	for _, c := range tu.conns {
		c.Close()
	}
	tu.mu.Unlock()
	tu.wg.Wait()
}

// serveConnect starts an HTTP proxy that only does CONNECT and returns
// its URL.
func (tu *tunnels) serveConnect() string {
	px := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			tu.mu.Lock()
			tu.refused = append(tu.refused, r.Method+" "+r.URL.String())
			tu.mu.Unlock()
			http.Error(w, "this proxy only tunnels", http.StatusMethodNotAllowed)
			return
		}
		up, ok := tu.open(r.Host)
		if !ok {
			http.Error(w, "refused", http.StatusForbidden)
			return
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			up.Close()
			tu.t.Errorf("proxy: hijack: %v", err)
			return
		}
		_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
		tu.pipe(conn, buf, up)
	}))
	tu.t.Cleanup(func() { px.Close(); tu.close() })
	return px.URL
}

// serveSOCKS5 starts a SOCKS5 proxy (RFC 1928: no authentication, CONNECT
// only) and returns its URL.
func (tu *tunnels) serveSOCKS5() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tu.t.Fatal(err)
	}
	var accept sync.WaitGroup
	accept.Add(1)
	go func() {
		defer accept.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accept.Add(1)
			go func() { defer accept.Done(); tu.socks5(c) }()
		}
	}()
	tu.t.Cleanup(func() { ln.Close(); accept.Wait(); tu.close() })
	return "socks5://" + ln.Addr().String()
}

// socks5 answers one SOCKS5 client: the greeting, then a CONNECT request.
func (tu *tunnels) socks5(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	fail := func(why string) {
		tu.t.Errorf("socks5: %s", why)
		c.Close()
	}
	head := make([]byte, 2)
	if _, err := io.ReadFull(r, head); err != nil {
		// The client went away before it said anything (a request it
		// gave up, or the bot stopping): not the proxy's business.
		tu.t.Logf("socks5: client left before its greeting: %v", err)
		c.Close()
		return
	}
	if head[0] != 5 {
		fail("bad greeting")
		return
	}
	if _, err := io.ReadFull(r, make([]byte, head[1])); err != nil {
		fail("short method list")
		return
	}
	_, _ = c.Write([]byte{5, 0}) // no authentication
	req := make([]byte, 4)
	if _, err := io.ReadFull(r, req); err != nil {
		tu.t.Logf("socks5: client left before its request: %v", err)
		c.Close()
		return
	}
	if req[0] != 5 || req[1] != 1 {
		fail("not a CONNECT request")
		return
	}
	var host string
	switch req[3] {
	case 3: // a domain name: the client left resolving it to the proxy
		n, err := r.ReadByte()
		name := make([]byte, n)
		if _, err2 := io.ReadFull(r, name); err != nil || err2 != nil {
			fail("short name")
			return
		}
		host = string(name)
	case 1, 4: // an address: the client resolved the name itself
		ip := make(net.IP, map[byte]int{1: 4, 4: 16}[req[3]])
		if _, err := io.ReadFull(r, ip); err != nil {
			fail("short address")
			return
		}
		host = ip.String()
	default:
		fail("unknown address type")
		return
	}
	port := make([]byte, 2)
	if _, err := io.ReadFull(r, port); err != nil {
		fail("short port")
		return
	}
	target := net.JoinHostPort(host, strconv.Itoa(int(binary.BigEndian.Uint16(port))))
	up, ok := tu.open(target)
	if !ok {
		_, _ = c.Write([]byte{5, 2, 0, 1, 0, 0, 0, 0, 0, 0}) // not allowed by ruleset
		c.Close()
		return
	}
	_, _ = c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0})
	_ = c.SetDeadline(time.Time{})
	tu.pipe(c, r, up)
}
