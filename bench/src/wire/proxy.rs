//! A TCP proxy between the agent and the server that keeps every byte each way, so a
//! scenario's cost is what went on the wire: HTTP headers, bodies, connections.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::report::{Context, Failure};

/// What crossed the proxy since the last [`Proxy::take`].
#[derive(Debug, Default, Clone)]
pub struct Capture {
    /// Connections opened.
    pub connections: usize,
    /// Every byte from agent to server, per connection in order.
    pub up: Vec<Vec<u8>>,
    /// Every byte from server to agent, per connection in order.
    pub down: Vec<Vec<u8>>,
}

/// The figures of a capture.
#[derive(Debug, Default, Clone, Copy)]
pub struct Traffic {
    /// HTTP requests (each one round trip).
    pub round_trips: usize,
    /// TCP connections opened (each one more round trip for the handshake).
    pub connections: usize,
    /// All bytes up, headers included.
    pub up: usize,
    /// All bytes down, headers included.
    pub down: usize,
    /// Of those, header bytes (request and status lines, headers, chunk framing).
    pub headers: usize,
}

impl Capture {
    /// Requests and header bytes, read back from the raw streams.
    pub fn traffic(&self) -> Traffic {
        let mut t = Traffic {
            connections: self.connections,
            ..Default::default()
        };
        for stream in &self.up {
            let (messages, headers) = http_messages(stream);
            t.round_trips += messages;
            t.headers += headers;
            t.up += stream.len();
        }
        for stream in &self.down {
            t.headers += http_messages(stream).1;
            t.down += stream.len();
        }
        t
    }
}

/// Counts HTTP/1.1 messages in a byte stream and the bytes that are not body: start
/// line and headers, and chunked framing.
fn http_messages(stream: &[u8]) -> (usize, usize) {
    let (mut at, mut messages, mut overhead) = (0, 0, 0);
    while at < stream.len() {
        let Some(end) = find(&stream[at..], b"\r\n\r\n") else {
            overhead += stream.len() - at;
            break;
        };
        let head = String::from_utf8_lossy(&stream[at..at + end]).to_ascii_lowercase();
        if std::env::var_os("ANTAR_BENCH_HEADERS").is_some() {
            eprintln!("--- {} B of headers\n{head}", end + 4);
        }
        messages += 1;
        overhead += end + 4;
        at += end + 4;
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        if let Some(length) = length {
            at += length;
        } else if head.contains("transfer-encoding: chunked") {
            loop {
                let Some(line_end) = find(&stream[at..], b"\r\n") else {
                    return (messages, overhead);
                };
                let size_text = String::from_utf8_lossy(&stream[at..at + line_end]).into_owned();
                let size = usize::from_str_radix(size_text.trim(), 16).unwrap_or(0);
                overhead += line_end + 2 + 2;
                at += line_end + 2 + size + 2;
                if size == 0 {
                    break;
                }
            }
        }
    }
    (messages, overhead)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The proxy: listens on a loopback port and forwards to `target`.
#[derive(Debug, Clone)]
pub struct Proxy {
    /// `http://127.0.0.1:PORT`, for the agent.
    pub base: String,
    capture: Arc<Mutex<Capture>>,
}

impl Proxy {
    /// Starts forwarding to `target` (`127.0.0.1:PORT`).
    pub async fn start(target: String) -> Result<Proxy, Failure> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("cannot listen")?;
        let base = format!("http://{}", listener.local_addr().context("no address")?);
        let capture = Arc::new(Mutex::new(Capture::default()));
        let shared = capture.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(&target).await else {
                    continue;
                };
                let index = {
                    let mut c = shared.lock().unwrap_or_else(|p| p.into_inner());
                    c.connections += 1;
                    c.up.push(Vec::new());
                    c.down.push(Vec::new());
                    c.up.len() - 1
                };
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                tokio::spawn(pump(cr, sw, shared.clone(), index, true));
                tokio::spawn(pump(sr, cw, shared.clone(), index, false));
            }
        });
        Ok(Proxy { base, capture })
    }

    /// What crossed since the last call, and starts afresh.
    pub fn take(&self) -> Capture {
        let mut c = self.capture.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut *c)
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    capture: Arc<Mutex<Capture>>,
    index: usize,
    up: bool,
) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        {
            let mut c = capture.lock().unwrap_or_else(|p| p.into_inner());
            let streams = if up { &mut c.up } else { &mut c.down };
            // A take() in between started a fresh capture: count into a new stream.
            while streams.len() <= index {
                streams.push(Vec::new());
            }
            streams[index].extend_from_slice(&buf[..n]);
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
