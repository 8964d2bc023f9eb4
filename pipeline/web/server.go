package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/rs/zerolog"

	"github.com/perfeval/perfeval/pipeline/finding"
	"github.com/perfeval/perfeval/pipeline/inbox"
	"github.com/perfeval/perfeval/pipeline/roster"
	"github.com/perfeval/perfeval/template"
	"github.com/perfeval/perfeval/template/xlsx"
)

// Options say what a Server serves and how.
type Options struct {
	// Root is the root folder (inbox.FoldersOf): its ledger is read, its
	// inbox receives departments' submissions.
	Root string
	// Inbox are the options the Server's Runner processes a submission
	// and a rerun with (the rulebook, the summary refresh); its Rulebook
	// also checks the self-check uploads.
	Inbox inbox.Options
	// Process, when set, processes the inbox after a department submits
	// (a Runner's pass, unless another runner holds the root, which then
	// processes it). Without it a watch or the nightly run does.
	Process bool
	// Roster lists the departments expected to submit and the ones given
	// links; nil when none. RosterFindings are the problems found in it.
	Roster         *roster.Roster
	RosterFindings finding.Findings
	// BaseURL is the address departments reach the server at, for the
	// links the board gives out ("https://jx.example.gov.cn/perfeval");
	// "" means the address of the request.
	BaseURL string
	// SecureCookies marks the session cookie Secure (served over HTTPS,
	// directly or behind a proxy).
	SecureCookies bool
	// SessionTTL is how long a sign-in lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// LinkTTL is how long a department link is valid; 0 means 30 days.
	LinkTTL time.Duration
	// MaxUpload bounds an uploaded workbook; 0 means xlsx.MaxFileSize.
	MaxUpload int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger logs every request and action.
	Logger zerolog.Logger
}

// Server is the web application over one root folder.
type Server struct {
	opts    Options
	folders inbox.Folders
	store   *Store
	links   Links
	pages   pages

	// checking bounds the self-checks run at once.
	checking chan struct{}
	// submitMu makes the check that a self-check was not yet submitted and
	// its submission one step.
	submitMu sync.Mutex
	// failures counts failed sign-ins by account name.
	failMu   sync.Mutex
	failures map[string]failure

	// process asks the processing loop for a pass; stop and done end it.
	process chan struct{}
	pending atomic.Int32
	stop    context.CancelFunc
	done    chan struct{}
}

type failure struct {
	count int
	first time.Time
}

// Defaults of Options.
const (
	DefaultSessionTTL = 12 * time.Hour
	DefaultLinkTTL    = 30 * 24 * time.Hour
)

// New opens the account store and the link secret of opts.Root (creating
// them on first use) and returns the server. Close it when done.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.Inbox.Rulebook == nil {
		return nil, errors.New("web: no rulebook")
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = DefaultSessionTTL
	}
	if opts.LinkTTL <= 0 {
		opts.LinkTTL = DefaultLinkTTL
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = xlsx.MaxFileSize
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	f := inbox.FoldersOf(opts.Root)
	secret, err := LoadSecret(filepath.Join(opts.Root, SecretName))
	if err != nil {
		return nil, err
	}
	store, err := OpenStore(ctx, filepath.Join(opts.Root, StoreName))
	if err != nil {
		return nil, err
	}
	pg, err := parsePages()
	if err != nil {
		store.Close()
		return nil, err
	}
	loopCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s := &Server{opts: opts, folders: f, store: store, links: NewLinks(secret), pages: pg,
		checking: make(chan struct{}, 2), failures: map[string]failure{},
		process: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go s.processLoop(opts.Logger.WithContext(loopCtx))
	return s, nil
}

// Close stops the processing loop (a pass under way is given up, leaving
// its files in the inbox for the next) and closes the store.
func (s *Server) Close() error {
	s.stop()
	<-s.done
	return s.store.Close()
}

// Store returns the server's account store.
func (s *Server) Store() *Store { return s.store }

// Links returns the server's link signer.
func (s *Server) Links() Links { return s.links }

// Handler returns the application: every route behind the security
// headers, the request log and cross-origin protection of POSTs.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer, s.logRequests, securityHeaders)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "页面不存在", "地址有误，或者这个页面需要登录后访问。")
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusMethodNotAllowed, "不支持的操作", "请从页面上的按钮操作。")
	})
	r.Get("/static/style.css", serveCSS)
	r.Get("/login", s.loginPage)
	r.Post("/login", s.login)
	r.Post("/logout", s.logout)

	// A department, through its signed link.
	r.Route("/d/{token}", func(r chi.Router) {
		r.Use(s.requireLink)
		r.Get("/", s.deptHome)
		r.Post("/check", s.deptUpload)
		r.Get("/check/{sha}", s.deptCheck)
		r.Get("/check/{sha}/annotated", s.deptCheckAnnotated)
		r.Post("/check/{sha}/submit", s.deptSubmit)
		r.Get("/files/{id}/annotated", s.deptFile)
	})

	// Bureau staff, signed in.
	r.Group(func(r chi.Router) {
		r.Use(s.requireUser)
		r.Get("/", s.board)
		r.Get("/department", s.department)
		r.Get("/files/{id}/{kind}", s.file)
		r.Get("/summary/{year}", s.summaryFile)
		r.Post("/rerun", s.rerun)
		r.Get("/links", s.linksPage)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Outside the router, so logged here; the path may hold a token.
		s.opts.Logger.Warn().Str("method", r.Method).Str("remote", r.RemoteAddr).Str("origin", template.Visible(r.Header.Get("Origin"))).
			Msg("cross-origin request refused")
		s.fail(w, r, http.StatusForbidden, "请求被拒绝", "这个请求来自其他网站，不能代您操作。请在本系统的页面上重新操作。")
	}))
	return cop.Handler(r)
}

// who is what the request log says about the caller; handlers fill it in.
type who struct {
	user string
	dept string
}

type whoKey struct{}

func whoOf(r *http.Request) *who {
	if w, ok := r.Context().Value(whoKey{}).(*who); ok {
		return w
	}
	return &who{}
}

// logRequests logs every request once it is answered: the route pattern,
// never the path (a department's token is in it), the status, who and how
// long.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := &who{}
		ctx := context.WithValue(s.opts.Logger.WithContext(r.Context()), whoKey{}, id)
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r.WithContext(ctx))
		route := chi.RouteContext(ctx).RoutePattern()
		if route == "" {
			route = "(none)"
		}
		ev := s.opts.Logger.Info()
		if ww.Status() >= 500 {
			ev = s.opts.Logger.Error()
		}
		ev = ev.Str("method", r.Method).Str("route", route).Int("status", ww.Status()).Int("bytes", ww.BytesWritten()).
			Str("remote", r.RemoteAddr).Dur("duration", time.Since(start))
		if id.user != "" {
			ev = ev.Str("user", id.user)
		}
		if id.dept != "" {
			ev = ev.Str("department", id.dept)
		}
		ev.Msg("http request")
	})
}

// securityHeaders keep pages out of frames, scripts off them, and a
// department's link out of Referer headers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// log returns the request's logger.
func logOf(r *http.Request) *zerolog.Logger { return zerolog.Ctx(r.Context()) }

// fail answers with an error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	s.render(w, r, status, "message", messageView{Title: title, Detail: detail, Error: true})
}

// internal answers a failure on the server's side, logging it.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	logOf(r).Error().Str("error", err.Error()).Msg("request failed")
	s.fail(w, r, http.StatusInternalServerError, "服务器出错", "请稍后再试；问题持续时请联系管理员查看日志。")
}

// processLoop runs a pass over the inbox whenever a department submits,
// one at a time, until Close.
func (s *Server) processLoop(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.process:
			s.processInbox(ctx)
			s.pending.Add(-1)
		}
	}
}

// processInbox runs one pass, unless another runner (a watch) holds the
// root: then that runner processes the submission.
func (s *Server) processInbox(ctx context.Context) {
	log := zerolog.Ctx(ctx)
	r, err := inbox.Open(ctx, s.opts.Root, s.opts.Inbox)
	if errors.Is(err, inbox.ErrLocked) {
		log.Info().Msg("another perfeval holds the root; it processes the submission")
		return
	}
	if err != nil {
		log.Error().Str("error", err.Error()).Msg("open the inbox to process a submission")
		return
	}
	defer r.Close()
	res, err := r.Pass(ctx, true)
	if err != nil {
		log.Error().Str("error", err.Error()).Msg("pass over the inbox after a submission")
		return
	}
	log.Info().Int("processed", res.Processed).Int("duplicates", res.Duplicates).Int("failed", res.Failed).Msg("processed the inbox after a submission")
}

// requestProcess asks the processing loop for a pass.
func (s *Server) requestProcess() {
	if !s.opts.Process {
		return
	}
	select {
	case s.process <- struct{}{}:
		s.pending.Add(1)
	default: // one is pending already: it sees this file too
	}
}

// Drain waits until no pass is pending or running, for tests; it gives up
// after d.
func (s *Server) Drain(d time.Duration) error {
	deadline := time.Now().Add(d)
	for s.pending.Load() > 0 {
		if time.Now().After(deadline) {
			return fmt.Errorf("inbox still being processed after %s", d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}
