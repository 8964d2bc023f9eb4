package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/perfeval/perfeval/template"
)

// Sign-in throttling: after maxFailures wrong passwords for an account
// within failureWindow, it cannot sign in until the window has passed.
const (
	maxFailures   = 5
	failureWindow = 15 * time.Minute
)

// cookieName is the session cookie's name: with the __Host- prefix when
// Secure, which browsers then hold to this host and path.
func (s *Server) cookieName() string {
	if s.opts.SecureCookies {
		return "__Host-perfeval-session"
	}
	return "perfeval-session"
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.sessionUser(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", loginView{})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "无法登录", "提交的内容有误，请重新填写。")
		return
	}
	name, password := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	log := logOf(r)
	if s.throttled(name) {
		log.Warn().Str("user", template.Visible(name)).Msg("sign-in refused: too many failures")
		s.render(w, r, http.StatusTooManyRequests, "login", loginView{Name: name,
			Problem: "密码错误次数过多，请 15 分钟后再试。"})
		return
	}
	ok, err := s.store.Authenticate(r.Context(), name, password)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !ok {
		s.noteFailure(name)
		log.Warn().Str("user", template.Visible(name)).Msg("sign-in failed")
		s.render(w, r, http.StatusUnauthorized, "login", loginView{Name: name, Problem: "账户名或密码不正确。"})
		return
	}
	s.clearFailures(name)
	id, err := s.store.NewSession(r.Context(), name, s.opts.SessionTTL)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: id, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(s.opts.SessionTTL / time.Second)})
	whoOf(r).user = name
	log.Info().Str("user", name).Msg("signed in")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName()); err == nil {
		if user, ok := s.sessionUser(r); ok {
			whoOf(r).user = user
			logOf(r).Info().Str("user", user).Msg("signed out")
		}
		if err := s.store.EndSession(r.Context(), c.Value); err != nil {
			s.internal(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// sessionUser returns the signed-in user of a request.
func (s *Server) sessionUser(r *http.Request) (string, bool) {
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return "", false
	}
	user, ok, err := s.store.Session(r.Context(), c.Value)
	if err != nil {
		logOf(r).Error().Str("error", err.Error()).Msg("read session")
		return "", false
	}
	return user, ok
}

type userKey struct{}

// requireUser lets signed-in bureau staff through and sends everyone else
// to the sign-in page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, ok := s.sessionUser(r)
		if !ok {
			if r.Method == http.MethodGet && r.URL.Path == "/" {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			s.fail(w, r, http.StatusUnauthorized, "请先登录", "这个页面只供财政局工作人员登录后查看。")
			return
		}
		whoOf(r).user = user
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, user)))
	})
}

func userOf(r *http.Request) string { u, _ := r.Context().Value(userKey{}).(string); return u }

func (s *Server) throttled(name string) bool {
	s.failMu.Lock()
	defer s.failMu.Unlock()
	f, ok := s.failures[name]
	if !ok {
		return false
	}
	if s.opts.Now().Sub(f.first) > failureWindow {
		delete(s.failures, name)
		return false
	}
	return f.count >= maxFailures
}

func (s *Server) noteFailure(name string) {
	s.failMu.Lock()
	defer s.failMu.Unlock()
	f := s.failures[name]
	if f.count == 0 || s.opts.Now().Sub(f.first) > failureWindow {
		f = failure{first: s.opts.Now()}
	}
	f.count++
	s.failures[name] = f
	// The map holds names people typed: bounded, oldest windows dropped.
	if len(s.failures) > 10000 {
		for k, v := range s.failures {
			if s.opts.Now().Sub(v.first) > failureWindow {
				delete(s.failures, k)
			}
		}
	}
}

func (s *Server) clearFailures(name string) {
	s.failMu.Lock()
	defer s.failMu.Unlock()
	delete(s.failures, name)
}

// dept is the department a link was signed for.
type dept struct {
	Code    string
	Name    string
	Token   string
	Expires time.Time
}

type deptKey struct{}

func deptOf(r *http.Request) dept { d, _ := r.Context().Value(deptKey{}).(dept); return d }

// requireLink lets a request through only with a valid, unexpired link
// for a department on the roster (any code without a roster).
func (s *Server) requireLink(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := chi.URLParam(r, "token")
		code, expires, err := s.links.Verify(token, s.opts.Now())
		log := logOf(r)
		switch {
		case errors.Is(err, ErrLinkExpired):
			log.Warn().Str("department", template.Visible(code)).Msg("department link expired")
			s.fail(w, r, http.StatusForbidden, "链接已过期",
				"这个链接的有效期到 "+expires.Local().Format("2006年1月2日 15:04")+" 为止。请向财政局索取新的链接。")
			return
		case err != nil:
			log.Warn().Msg("department link refused: not signed by this server")
			s.fail(w, r, http.StatusForbidden, "链接无效", "这个链接不完整或已被改动。请从财政局发来的邮件或通知中完整复制链接。")
			return
		}
		d := dept{Code: code, Token: token, Expires: expires}
		if s.opts.Roster != nil {
			rd, ok := s.opts.Roster.Lookup(code, "")
			if !ok {
				log.Warn().Str("department", template.Visible(code)).Msg("department link refused: not on the roster")
				s.fail(w, r, http.StatusForbidden, "链接已失效", "部门名单中已没有这个部门。请与财政局联系。")
				return
			}
			d.Name = rd.Name
		}
		whoOf(r).dept = code
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), deptKey{}, d)))
	})
}
