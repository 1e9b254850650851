//! `serve`: first-start setup, optional demo data, then the HTTP server and its
//! background workers until Ctrl-C or SIGTERM (see `crate::serve`).

use std::net::SocketAddr;

use antar_shared::Lang;
use antar_shared::i18n::Tr;

use crate::app::RouterOptions;
use crate::error::{AppError, ErrorKind};
use crate::store::Store;
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
    /// Di balik reverse proxy: batasi per alamat klien dari X-Forwarded-For / behind a
    /// reverse proxy: rate-limit by the client address in X-Forwarded-For or Forwarded
    /// (only when the proxy sets them; otherwise clients could pick their own address).
    #[arg(long, env = "ANTAR_TRUST_PROXY")]
    pub trust_proxy: bool,
}

/// Why the address cannot be listened on, as `serve.bind`'s `$why`.
fn bind_why(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::AddrNotAvailable => "not_here",
        _ => io_why(e),
    }
}

/// Runs the server until a signal, then stops it and its workers.
pub async fn run(store: Store, args: ServeArgs, lang: Lang) -> Result<(), AppError> {
    prepare(&store, args.demo, lang).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            AppError::new(ErrorKind::Internal, "serve.bind")
                .arg("addr", args.listen)
                .arg("why", bind_why(&e))
                .caused_by(e)
        })?;
    let running = crate::serve::start(
        store,
        listener,
        RouterOptions {
            public_per_minute: args.public_per_minute,
            office_hours: args.office_hours,
            public_url: args.public_url,
            trust_proxy: args.trust_proxy,
        },
    )
    .await
    .map_err(AppError::internal)?;
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
