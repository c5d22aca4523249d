package chart

// Finding a font that draws Chinese: the one named in config, else the
// usual places of Debian's CJK font packages, else what fc-match offers.
// A font counts only if it parses and has an outline for 党.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// ErrNoFont means no font that draws Chinese was found.
var ErrNoFont = errors.New("chart: no font with Chinese characters found")

// probe is the character a font must draw to count as Chinese.
const probe = '党'

// fontGlobs are the places Debian's CJK font packages install to, best
// first: fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei,
// fonts-arphic-ukai / -uming, fonts-droid-fallback.
var fontGlobs = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/*/*/NotoSansCJK*.ttc",
	"/usr/share/fonts/*/*/NotoSansCJK*.otf",
	"/usr/share/fonts/*/*/NotoSansSC*.otf",
	"/usr/share/fonts/*/*/wqy-microhei.ttc",
	"/usr/share/fonts/*/*/wqy-zenhei.ttc",
	"/usr/share/fonts/*/*/NotoSerifCJK*.ttc",
	"/usr/share/fonts/*/*/ukai.ttc",
	"/usr/share/fonts/*/*/uming.ttc",
	"/usr/share/fonts/*/*/DroidSansFallback*.ttf",
	"/usr/local/share/fonts/*.tt[cf]",
	"/usr/local/share/fonts/*/*.tt[cf]",
	"/usr/local/share/fonts/*.otf",
}

// Find returns a font that draws Chinese: the file configured, when not
// empty (an error if it does not), else the first of the usual places,
// else the file fc-match names for Chinese, if fc-match is installed.
func Find(configured string) (*sfnt.Font, string, error) {
	if configured != "" {
		f, err := Load(configured)
		if err != nil {
			return nil, "", err
		}
		return f, configured, nil
	}
	for _, path := range candidates() {
		if f, err := Load(path); err == nil {
			return f, path, nil
		}
	}
	return nil, "", ErrNoFont
}

// candidates lists the font files to try, without duplicates.
func candidates() []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, g := range fontGlobs {
		ms, _ := filepath.Glob(g)
		for _, m := range ms {
			add(m)
		}
	}
	if path, err := exec.LookPath("fc-match"); err == nil {
		var buf bytes.Buffer
		cmd := exec.Command(path, "-f", "%{file}", ":lang=zh-cn")
		cmd.Stdout = &buf
		if cmd.Run() == nil {
			add(strings.TrimSpace(buf.String()))
		}
	}
	return out
}

// Load reads a TrueType or OpenType font, or a collection of them
// (.ttc), and returns the face that draws Chinese: in a collection, one
// whose family names Simplified Chinese (SC) if there is one.
func Load(path string) (*sfnt.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("chart: font: %w", err)
	}
	var first *sfnt.Font
	for i := range fontCount(data) {
		f, err := face(data, i)
		if err != nil || !drawsChinese(f) {
			continue
		}
		if first == nil {
			first = f
		}
		if name, err := f.Name(nil, sfnt.NameIDFamily); err == nil && (strings.Contains(name, " SC") || strings.Contains(name, "CN")) {
			return f, nil
		}
	}
	if first == nil {
		return nil, fmt.Errorf("chart: font %s: no face that draws Chinese", path)
	}
	return first, nil
}

// face parses font i of data, copying its tables to aligned offsets
// when they are not.
func face(data []byte, i int) (*sfnt.Font, error) {
	if c, err := opentype.ParseCollection(data); err == nil {
		if f, err := c.Font(i); err == nil {
			return f, nil
		}
	}
	aligned, err := realign(data, i)
	if err != nil {
		return nil, err
	}
	return opentype.Parse(aligned)
}

// drawsChinese reports whether f has an outline for the probe character.
func drawsChinese(f *sfnt.Font) bool {
	var buf sfnt.Buffer
	gi, err := f.GlyphIndex(&buf, probe)
	if err != nil || gi == 0 {
		return false
	}
	segs, err := f.LoadGlyph(&buf, gi, fixed.I(12), nil)
	return err == nil && len(segs) > 0
}
