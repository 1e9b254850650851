//! `serve`: first-start setup, optional demo data, then the HTTP server and its
//! background workers until Ctrl-C or SIGTERM (see `crate::serve`).

use std::net::SocketAddr;

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use crate::app::RouterOptions;
use crate::error::{AppError, ErrorKind};
use crate::store::{Backend, Store};
use antar_shared::i18n::io_why;

/// Options of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Alamat dengar / address to listen on.
    #[arg(long, env = "ANTAR_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Terbitkan contoh kiriman ke beberapa desa di Kabupaten Bima (sekali) / issue sample
    /// dispatches to a few Kabupaten Bima desa (once).
    #[arg(long)]
    pub demo: bool,
    /// Batas cek status & pendaftaran per alamat per menit / public lookups and
    /// enrollments per client address per minute.
    #[arg(long, env = "ANTAR_PUBLIC_PER_MINUTE", default_value_t = 60)]
    pub public_per_minute: u32,
    /// Jam layanan kantor desa di halaman warga / the desa offices' opening hours on the
    /// residents' page, e.g. "Senin–Jumat 08.00–14.00 WITA" (bawaan / default: that).
    #[arg(long, env = "ANTAR_OFFICE_HOURS")]
    pub office_hours: Option<String>,
    /// Alamat publik server di balik proxy HTTPS / the server's public address behind an
    /// HTTPS proxy, e.g. https://antar.bimakab.go.id: used in the QR codes printed on
    /// manifests, to recognise the dashboard's own forms, and to mark the login cookie
    /// Secure. Bawaan / default: the address the browser used.
    #[arg(long, env = "ANTAR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Di balik N reverse proxy (bawaan 1): batasi per alamat klien, dibaca dari kanan
    /// X-Forwarded-For / behind N reverse proxies (default 1): rate-limit by the client
    /// address, read from the right of X-Forwarded-For, where only your own proxies
    /// write (the left is whatever the client sent). Without this option the peer's
    /// address is used.
    #[arg(long, env = "ANTAR_TRUST_PROXY", value_name = "N", num_args = 0..=1,
          default_missing_value = "1", value_parser = clap::value_parser!(u8).range(1..=16))]
    pub trust_proxy: Option<u8>,
    /// Alamat untuk /metrics (Prometheus), terpisah dari halaman publik; `off` untuk
    /// mematikan / where /metrics (Prometheus) listens, apart from the public pages;
    /// `off` turns it off. Bawaan / default: loopback only.
    #[arg(long, env = "ANTAR_METRICS", value_name = "ADDRESS|off", default_value = "127.0.0.1:9464",
          value_parser = parse_metrics)]
    pub metrics: MetricsAt,
    /// Cadangan harian yang disimpan (SQLite; 0 = tidak ada) / daily backups kept
    /// (SQLite; 0 turns them off). PostgreSQL: pg_dump (docs/operations.md).
    #[arg(long, env = "ANTAR_BACKUP_KEEP", value_name = "N", default_value_t = 7)]
    pub backup_keep: usize,
    /// Folder cadangan harian / the daily backups' folder (bawaan / default:
    /// DATA_DIR/backups).
    #[arg(long, env = "ANTAR_BACKUP_DIR", value_name = "DIR")]
    pub backup_dir: Option<std::path::PathBuf>,
    /// Kabar ke warga / notices to residents.
    #[command(flatten)]
    pub notify: super::serve_notify::NotifyArgs,
}

/// Where `/metrics` is served.
#[derive(Clone, Copy, Debug)]
pub enum MetricsAt {
    /// On this address.
    At(SocketAddr),
    /// Not at all.
    Off,
}

fn parse_metrics(text: &str) -> Result<MetricsAt, String> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(MetricsAt::Off);
    }
    text.parse()
        .map(MetricsAt::At)
        .map_err(|_| format!("{text:?}: expected an address such as 127.0.0.1:9464, or off"))
}

/// Why the address cannot be listened on, as `serve.bind`'s `$why`.
fn bind_why(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::AddrNotAvailable => "not_here",
        _ => io_why(e),
    }
}

/// Runs the server until a signal, then stops it and its workers.
pub async fn run(
    store: Store,
    args: ServeArgs,
    data_dir: &std::path::Path,
    lang: Lang,
) -> Result<(), AppError> {
    prepare(&store, args.demo, lang).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            AppError::new(ErrorKind::Internal, "serve.bind")
                .arg("addr", args.listen)
                .arg("why", bind_why(&e))
                .caused_by(e)
        })?;
    // The address actually bound (`--listen …:0` picks a port), for links in notices
    // when no --public-url is given.
    let bound = listener.local_addr().unwrap_or(args.listen);
    let base_url = crate::state::Site::new(None, args.public_url.as_deref())
        .base_url(Some(&bound.to_string()));
    let (notifier, hook) = args.notify.build(args.demo, base_url)?;
    let running = crate::serve::start(
        store.clone(),
        listener,
        RouterOptions {
            public_per_minute: args.public_per_minute,
            office_hours: args.office_hours,
            public_url: args.public_url,
            trust_proxy: args.trust_proxy,
            notifier: notifier.provider.clone().map(crate::notify::Outlet),
            whatsapp: hook.map(std::sync::Arc::new),
        },
    )
    .await
    .map_err(AppError::internal)?;
    let mut running = running;
    // Off still runs it: old phones are erased either way.
    running.notify(store.clone(), notifier);
    if args.backup_keep > 0 {
        if store.backend() == Backend::Sqlite {
            let folder = args.backup_dir.unwrap_or_else(|| data_dir.join("backups"));
            running.back_up_daily(
                store,
                crate::backups::Schedule {
                    folder,
                    keep: args.backup_keep,
                },
            );
        } else {
            tracing::info!("daily backups are for SQLite; back PostgreSQL up with pg_dump");
        }
    }
    if let MetricsAt::At(addr) = args.metrics {
        // Metrics are a convenience: an address in use (a second server on this
        // machine) is said in the log and the server runs on without them.
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => running.serve_metrics(listener),
            Err(e) => tracing::warn!(%addr, error = %e, "metrics not served: cannot listen"),
        }
    }
    eprintln!(
        "{}",
        Tr::new(lang).t1("srv-serve-listening", "addr", running.addr)
    );
    shutdown_signal().await;
    eprintln!("{}", Tr::new(lang).t("srv-serve-stopping"));
    running.stop().await.map_err(AppError::internal)
}

/// The first start's admin account (its password printed once) and, with `--demo`,
/// the sample data.
async fn prepare(store: &Store, demo: bool, lang: Lang) -> Result<(), AppError> {
    if let Some(password) = crate::serve::first_admin(store).await? {
        eprintln!(
            "{}",
            Tr::new(lang).t1("srv-serve-admin-created", "password", &password)
        );
        eprintln!("{}", Tr::new(lang).t("srv-serve-admin-save"));
    }
    if demo && let Some(lines) = crate::serve::demo(store, Tr::new(lang)).await? {
        eprintln!("{}", Tr::new(lang).t("srv-serve-demo-issued"));
        for line in lines {
            eprintln!("  {line}");
        }
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM (how service managers and containers stop a server).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
