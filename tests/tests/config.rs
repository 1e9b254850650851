//! Settings files as an operator writes them in `/etc/antar/`: every flag has a key,
//! precedence is flag > environment > file > default, `config check` says where each
//! setting came from with secrets hidden, and a wrong file stops the program before it
//! touches anything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use antar_tests::binary;

fn program(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(binary(name).unwrap());
    cmd.args(args)
        .env_remove("ANTAR_CONFIG")
        .env_remove("ANTAR_LISTEN")
        .env_remove("ANTAR_DATA_DIR")
        .env_remove("DATABASE_URL")
        .env_remove("ANTAR_AGENT_UI")
        .env_remove("ANTAR_AGENT_DIR")
        .env("ANTAR_LANG", "en");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The line of `config check` for a key.
fn line<'a>(stdout: &'a str, key: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")) || l.starts_with(&format!("# {key} ")))
        .unwrap_or_else(|| panic!("no line for {key} in\n{stdout}"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn server_settings_come_from_flag_then_environment_then_file_then_default() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("server.toml");
    let data = tmp.path().join("from-file");
    write(
        &file,
        &format!(
            "data_dir = {:?}\n\
             database_url = \"postgres://antar:rahasia@db.bimakab.go.id/antar\"\n\n\
             [serve]\n\
             listen = \"127.0.0.1:9100\"\n\
             public_url = \"https://antar.bimakab.go.id\"\n\
             public_per_minute = 120\n",
            data.display().to_string()
        ),
    );
    let config = file.to_str().unwrap();

    let out = program(
        "antar-server",
        &["--config", config, "config", "check"],
        &[],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with(&format!("# settings file: {config}")),
        "{stdout}"
    );
    assert!(line(&stdout, "listen").contains("\"127.0.0.1:9100\"  # from the settings file"));
    assert!(line(&stdout, "public_per_minute").contains("120  # from the settings file"));
    assert!(line(&stdout, "metrics").ends_with("# default"), "{stdout}");
    assert!(
        line(&stdout, "office_hours").contains("not set"),
        "{stdout}"
    );
    // The password of the database URL is never printed.
    assert!(
        line(&stdout, "database_url").contains("postgres://antar:****@db.bimakab.go.id/antar"),
        "{stdout}"
    );
    assert!(!stdout.contains("rahasia") && !stderr.contains("rahasia"));

    // The environment beats the file; a flag beats both; the file is found by
    // ANTAR_CONFIG as well as by --config.
    let out = program(
        "antar-server",
        &["--data-dir", "/srv/flag", "config", "check"],
        &[
            ("ANTAR_CONFIG", config),
            ("ANTAR_LISTEN", "127.0.0.1:9200"),
            ("ANTAR_DATA_DIR", "/srv/env"),
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        line(&stdout, "listen").contains("\"127.0.0.1:9200\"  # from an environment variable"),
        "{stdout}"
    );
    assert!(
        line(&stdout, "data_dir").contains("\"/srv/flag\"  # from a command-line flag"),
        "{stdout}"
    );
    assert!(
        line(&stdout, "public_url").contains("# from the settings file"),
        "{stdout}"
    );
}

#[test]
fn the_server_runs_from_its_settings_file() {
    let tmp = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = tmp.path().join("data");
    let file = tmp.path().join("server.toml");
    write(
        &file,
        &format!(
            "data_dir = {:?}\nlang = \"en\"\n\n[serve]\nlisten = \"127.0.0.1:{port}\"\nmetrics = \"off\"\n",
            data.display().to_string()
        ),
    );
    let mut child = Command::new(binary("antar-server").unwrap())
        .args(["--config", file.to_str().unwrap(), "serve"])
        .env_remove("ANTAR_LISTEN")
        .env_remove("ANTAR_DATA_DIR")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let answer = loop {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            write!(
                s,
                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut r = String::new();
            s.read_to_string(&mut r).unwrap();
            break r;
        }
        assert!(
            Instant::now() < deadline,
            "the server never listened on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        data.join("antar.db").exists(),
        "the database is where the file says"
    );
}

#[test]
fn a_wrong_settings_file_stops_before_anything_is_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let cases = [
        ("data_dri = \"/x\"\n", "`data_dri` is not a setting"),
        (
            "[serve]\nlisten_on = \"0.0.0.0:80\"\n",
            "`serve.listen_on` is not a setting",
        ),
        ("data_dir = \n", "is not valid TOML"),
        (
            "[serve]\nlisten = { host = \"x\" }\n",
            "must be text, a number",
        ),
    ];
    for (bad, said) in cases {
        let file = tmp.path().join("bad.toml");
        write(&file, bad);
        let out = program(
            "antar-server",
            &[
                "--config",
                file.to_str().unwrap(),
                "--data-dir",
                data.to_str().unwrap(),
                "init",
            ],
            &[],
        );
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains(said), "{bad}: {stderr}");
        assert!(!data.exists(), "{bad}: nothing was created");
    }
    // A file named but missing is an error, not a silent default.
    let out = program(
        "antar-server",
        &["--config", "/no/such/antar.toml", "init"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("/no/such/antar.toml"));
    // A value the command would refuse is refused by `config check`, in Indonesian too.
    let file = tmp.path().join("listen.toml");
    write(&file, "[serve]\nlisten = \"di-mana-saja\"\n");
    let out = program(
        "antar-server",
        &[
            "--config",
            file.to_str().unwrap(),
            "--lang",
            "id",
            "config",
            "check",
        ],
        &[],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("tidak akan berjalan") && stderr.contains("di-mana-saja"),
        "{stderr}"
    );
}

#[test]
fn agent_settings_follow_the_same_precedence() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("agent.toml");
    write(
        &file,
        "data_dir = \"/var/lib/antar-agent\"\n\n[run]\nui = \"0.0.0.0:7420\"\ninterval = 120\n",
    );
    let config = file.to_str().unwrap();
    let out = program("antar-agent", &["--config", config, "config", "check"], &[]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        line(&stdout, "ui").contains("\"0.0.0.0:7420\"  # from the settings file"),
        "{stdout}"
    );
    assert!(
        line(&stdout, "interval").contains("120  # from the settings file"),
        "{stdout}"
    );
    assert!(
        line(&stdout, "data_dir").contains("# from the settings file"),
        "{stdout}"
    );
    assert!(
        line(&stdout, "no_ui").contains("false  # default"),
        "{stdout}"
    );

    let out = program(
        "antar-agent",
        &[
            "--config",
            config,
            "config",
            "check",
            "--data-dir",
            "/tmp/flag",
        ],
        &[("ANTAR_AGENT_UI", "127.0.0.1:7500")],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        line(&stdout, "ui").contains("\"127.0.0.1:7500\"  # from an environment variable"),
        "{stdout}"
    );
    assert!(
        line(&stdout, "data_dir").contains("\"/tmp/flag\"  # from a command-line flag"),
        "{stdout}"
    );

    let file = tmp.path().join("bad.toml");
    write(&file, "[run]\nport = 7420\n");
    let out = program(
        "antar-agent",
        &["--config", file.to_str().unwrap(), "status"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("`run.port` is not a setting") && stderr.contains("ui"),
        "{stderr}"
    );
}
