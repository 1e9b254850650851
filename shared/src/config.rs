//! Settings files under the command line: one TOML file per program (by default
//! `/etc/antar/server.toml` or `/etc/antar/agent.toml`, or `--config FILE`, or
//! `ANTAR_CONFIG`) whose keys are the long flags of the command line, so that every
//! flag has a key and nothing is said twice.
//!
//! Precedence is flag > environment > file > default. The file does not compete with
//! clap: each setting it holds is added to the command line as its flag, and only when
//! neither the command line nor the flag's environment variable already gives it; clap
//! then parses as ever, so defaults, validation and `--help` stay where they are.
//!
//! ```toml
//! data_dir = "/var/lib/antar"      # global flags at the top
//! lang = "id"
//!
//! [serve]                          # a command's flags in its section
//! listen = "0.0.0.0:8080"
//! public_url = "https://antar.bimakab.go.id"
//! ```
//!
//! A key that is not a flag, here or anywhere, is an error naming it: a typo must not
//! leave a setting silently at its default. Sections of other commands are checked
//! too, and used only when that command runs.
//!
//! The rules take the file's text and the environment as a lookup, so tests can say
//! what is set; [`read`] and [`load`] are the only places that touch the system.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::Lang;
use crate::i18n::Tr;
use crate::lang::Localized;

/// The environment variable naming the settings file.
pub const CONFIG_ENV: &str = "ANTAR_CONFIG";

/// Why a settings file could not be used. Nothing runs with a file that has one.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named by `--config` or `ANTAR_CONFIG` cannot be read.
    #[error("cannot read the settings file {path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The system's words.
        reason: String,
    },
    /// Not TOML.
    #[error("the settings file {path} is not valid TOML: {reason}")]
    NotToml {
        /// The file.
        path: String,
        /// The parser's words, with the line.
        reason: String,
    },
    /// A key that is no flag of this program (or of that section's command).
    #[error("{path}: `{key}` is not a setting (known here: {known})")]
    UnknownKey {
        /// The file.
        path: String,
        /// The key, with its section.
        key: String,
        /// The keys that would be accepted there.
        known: String,
    },
    /// A value that is not text, a number, true/false or a list of those.
    #[error("{path}: `{key}` must be text, a number, true or false, or a list of them")]
    BadValue {
        /// The file.
        path: String,
        /// The key, with its section.
        key: String,
    },
}

impl Localized for ConfigError {
    fn code(&self) -> &'static str {
        match self {
            ConfigError::Unreadable { .. } => "config.unreadable",
            ConfigError::NotToml { .. } => "config.not_toml",
            ConfigError::UnknownKey { .. } => "config.unknown_key",
            ConfigError::BadValue { .. } => "config.bad_value",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ConfigError::Unreadable { path, reason } | ConfigError::NotToml { path, reason } => {
                vec![("path", path.clone()), ("reason", reason.clone())]
            }
            ConfigError::UnknownKey { path, key, known } => vec![
                ("path", path.clone()),
                ("key", key.clone()),
                ("known", known.clone()),
            ],
            ConfigError::BadValue { path, key } => {
                vec![("path", path.clone()), ("key", key.clone())]
            }
        }
    }
}

/// Where a setting's value came from, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A flag on the command line.
    Flag,
    /// The flag's environment variable.
    Env,
    /// The settings file.
    File,
    /// The program's default.
    Default,
    /// Not set at all (an optional setting).
    Unset,
}

/// The settings file to read: `--config FILE` (or `--config=FILE`) on the command line,
/// else `ANTAR_CONFIG`, else `default` when it exists. The flag is `true` when the file
/// was named (so a missing one is an error, not a silent default).
pub fn locate(
    argv: &[OsString],
    env: &dyn Fn(&str) -> Option<OsString>,
    default: &Path,
) -> Option<(PathBuf, bool)> {
    let mut args = argv.iter().skip(1);
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a == "--config" {
            return args.next().map(|p| (PathBuf::from(p), true));
        }
        if let Some(p) = a.to_str().and_then(|s| s.strip_prefix("--config=")) {
            return Some((PathBuf::from(p), true));
        }
    }
    if let Some(p) = env(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    default.exists().then(|| (default.to_path_buf(), false))
}

/// A settings file, read and checked against the program's flags.
#[derive(Debug, Clone)]
pub struct Settings {
    path: PathBuf,
    table: toml::Table,
}

impl Settings {
    /// Parses the file's text and checks every key against `cmd`'s flags.
    pub fn parse(cmd: &Command, path: &Path, text: &str) -> Result<Settings, ConfigError> {
        let shown = path.display().to_string();
        let table: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| ConfigError::NotToml {
                    path: shown.clone(),
                    reason: e.to_string().trim().to_owned(),
                })?;
        let settings = Settings {
            path: path.to_path_buf(),
            table,
        };
        settings.check(cmd)?;
        Ok(settings)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every key names a flag of its place, and every value is one a flag takes.
    fn check(&self, cmd: &Command) -> Result<(), ConfigError> {
        for (key, value) in &self.table {
            if let toml::Value::Table(section) = value {
                let sub = cmd
                    .get_subcommands()
                    .find(|s| s.get_name() == key.replace('_', "-"))
                    .ok_or_else(|| self.unknown(key, &known(cmd, true)))?;
                for (k, v) in section {
                    let name = format!("{key}.{k}");
                    settable(sub, k, false)
                        .ok_or_else(|| self.unknown(&name, &known(sub, false)))?;
                    values(v).ok_or_else(|| self.bad(&name))?;
                }
            } else {
                settable(cmd, key, true).ok_or_else(|| self.unknown(key, &known(cmd, true)))?;
                values(value).ok_or_else(|| self.bad(key))?;
            }
        }
        Ok(())
    }

    fn unknown(&self, key: &str, known: &str) -> ConfigError {
        ConfigError::UnknownKey {
            path: self.path.display().to_string(),
            key: key.to_owned(),
            known: known.to_owned(),
        }
    }

    fn bad(&self, key: &str) -> ConfigError {
        ConfigError::BadValue {
            path: self.path.display().to_string(),
            key: key.to_owned(),
        }
    }

    /// `argv` with the file's settings added as flags, each only where neither the
    /// command line nor its environment variable gives it; and the keys so taken
    /// (`key` or `section.key`). Global settings go right after the program's name;
    /// a command's settings right after the command's name, and only when it runs.
    pub fn apply(
        &self,
        cmd: &Command,
        argv: &[OsString],
        env: &dyn Fn(&str) -> Option<OsString>,
    ) -> (Vec<OsString>, Vec<String>) {
        let mut taken = Vec::new();
        let running = running_subcommand(cmd, argv);
        let mut global = Vec::new();
        let mut local = Vec::new();
        for (key, value) in &self.table {
            match value {
                toml::Value::Table(section) => {
                    let Some((_, sub)) =
                        running.filter(|(_, s)| s.get_name() == key.replace('_', "-"))
                    else {
                        continue;
                    };
                    for (k, v) in section {
                        if let Some(arg) = settable(sub, k, false)
                            && !given(arg, argv, env)
                        {
                            local.extend(as_flags(arg, v));
                            taken.push(format!("{key}.{k}"));
                        }
                    }
                }
                _ => {
                    if let Some(arg) = settable(cmd, key, true)
                        && !given(arg, argv, env)
                    {
                        global.extend(as_flags(arg, value));
                        taken.push(key.clone());
                    }
                }
            }
        }
        let mut out: Vec<OsString> = argv.iter().take(1).cloned().collect();
        out.extend(global);
        match running {
            Some((at, _)) => {
                out.extend(argv.iter().take(at + 1).skip(1).cloned());
                out.extend(local);
                out.extend(argv.iter().skip(at + 1).cloned());
            }
            None => out.extend(argv.iter().skip(1).cloned()),
        }
        (out, taken)
    }
}

/// Reads a settings file's text, for the executables (the one I/O of settings).
pub fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// The program's command line with its settings file applied, for `main`: the line
/// to parse, the original line and the settings (for `config check`).
pub fn load(cmd: &Command, default: &Path) -> Result<Loaded, ConfigError> {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let env = |k: &str| std::env::var_os(k);
    let settings = match locate(&argv, &env, default) {
        Some((path, _)) => Some(Settings::parse(cmd, &path, &read(&path)?)?),
        None => None,
    };
    let line = match &settings {
        Some(s) => s.apply(cmd, &argv, &env).0,
        None => argv.clone(),
    };
    Ok(Loaded {
        line,
        argv,
        settings,
    })
}

/// [`load`] for an executable's `main`: the settings, or the exit code 2 after the
/// error was reported (in the language `--lang` or `ANTAR_LANG` asks for) through
/// `report`.
pub fn load_or_report(
    cmd: &Command,
    default: &Path,
    program: &str,
    report: impl FnOnce(String),
) -> Result<Loaded, i32> {
    load(cmd, default).map_err(|e| {
        let argv: Vec<OsString> = std::env::args_os().collect();
        report(format!("{program}: {}", Tr::new(lang_of(&argv)).error(&e)));
        2
    })
}

/// What [`load`] found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The command line to parse: the original with the file's settings added.
    pub line: Vec<OsString>,
    /// The command line as given.
    pub argv: Vec<OsString>,
    /// The settings file, when there is one.
    pub settings: Option<Settings>,
}

/// The language to report a settings error in, before anything is parsed: `--lang`,
/// then `ANTAR_LANG`, then Bahasa Indonesia.
pub fn lang_of(argv: &[OsString]) -> Lang {
    let mut words = argv.iter().skip(1).filter_map(|a| a.to_str());
    let mut flag = None;
    while let Some(w) = words.next() {
        if w == "--lang" {
            flag = words.next().map(str::to_owned);
        } else if let Some(v) = w.strip_prefix("--lang=") {
            flag = Some(v.to_owned());
        }
    }
    flag.or_else(|| std::env::var("ANTAR_LANG").ok())
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// `config check`'s lines: where the file is, then each setting as a TOML line with
/// where its value came from, global ones first, then the command's section.
pub fn render(tr: Tr, file: Option<&Path>, settings: &[Effective]) -> Vec<String> {
    let mut lines = vec![match file {
        Some(path) => format!("# {}", tr.t1("config-file", "path", path.display())),
        None => format!("# {}", tr.t("config-no-file")),
    }];
    let mut section = None;
    for e in settings {
        let (place, name) = match e.key.split_once('.') {
            Some((s, k)) => (Some(s), k),
            None => (None, e.key.as_str()),
        };
        if place != section {
            section = place;
            if let Some(s) = place {
                lines.push(String::new());
                lines.push(format!("[{s}]"));
            }
        }
        let from = tr.t(match e.source {
            Source::Flag => "config-source-flag",
            Source::Env => "config-source-env",
            Source::File => "config-source-file",
            Source::Default => "config-source-default",
            Source::Unset => "config-source-unset",
        });
        lines.push(match &e.value {
            Some(v) => format!("{name} = {}  # {from}", toml_value(v)),
            None => format!("# {name}  ({from})"),
        });
    }
    lines
}

/// A value as TOML writes it: numbers and true/false bare, text quoted.
fn toml_value(v: &str) -> String {
    if v == "true" || v == "false" || v.parse::<i64>().is_ok() {
        v.to_owned()
    } else {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The argument a key sets: a long flag of `cmd` (global ones too when `top`) that
/// takes a value or is a switch; never `--config`, `--help` or `--version`.
fn settable<'c>(cmd: &'c Command, key: &str, top: bool) -> Option<&'c Arg> {
    let long = key.replace('_', "-");
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(long.as_str())
            && !matches!(a.get_id().as_str(), "config" | "help" | "version")
            && !matches!(a.get_action(), ArgAction::Help | ArgAction::Version)
            && (top || !a.is_global_set())
    })
}

/// The keys a place accepts, for the error that names an unknown one.
fn known(cmd: &Command, top: bool) -> String {
    let mut keys: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long())
        .filter_map(|l| settable(cmd, l, top).map(|_| l.replace('-', "_")))
        .collect();
    if top {
        keys.extend(
            cmd.get_subcommands()
                .filter(|s| {
                    s.get_arguments()
                        .any(|a| settable(s, a.get_long().unwrap_or(""), false).is_some())
                })
                .map(|s| format!("[{}]", s.get_name())),
        );
    }
    keys.join(", ")
}

/// A TOML value as the flag's values, or `None` for a kind no flag takes.
fn values(value: &toml::Value) -> Option<Vec<String>> {
    match value {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Integer(i) => Some(vec![i.to_string()]),
        toml::Value::Float(f) => Some(vec![f.to_string()]),
        toml::Value::Boolean(b) => Some(vec![b.to_string()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| match v {
                toml::Value::Array(_) | toml::Value::Table(_) => None,
                v => values(v).and_then(|mut one| one.pop()),
            })
            .collect(),
        toml::Value::Datetime(_) | toml::Value::Table(_) => None,
    }
}

/// The command line's words for a setting: a switch is its flag when true and nothing
/// when false; anything else is `--flag=value`, once per value.
fn as_flags(arg: &Arg, value: &toml::Value) -> Vec<OsString> {
    let long = arg.get_long().unwrap_or_default();
    let switch = matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse);
    match (switch, value) {
        (true, toml::Value::Boolean(on)) => {
            let wanted = matches!(arg.get_action(), ArgAction::SetTrue) == *on;
            if wanted {
                vec![format!("--{long}").into()]
            } else {
                Vec::new()
            }
        }
        _ => values(value)
            .unwrap_or_default()
            .into_iter()
            .map(|v| format!("--{long}={v}").into())
            .collect(),
    }
}

/// Whether the command line or the environment already gives this setting.
fn given(arg: &Arg, argv: &[OsString], env: &dyn Fn(&str) -> Option<OsString>) -> bool {
    if let Some(var) = arg.get_env()
        && var.to_str().is_some_and(|v| env(v).is_some())
    {
        return true;
    }
    let long = arg.get_long().map(|l| format!("--{l}"));
    let short = arg.get_short().map(|c| format!("-{c}"));
    argv.iter().skip(1).take_while(|a| *a != "--").any(|a| {
        let Some(a) = a.to_str() else { return false };
        long.as_deref()
            .is_some_and(|l| a == l || a.starts_with(&format!("{l}=")))
            || short
                .as_deref()
                .is_some_and(|s| a.starts_with(s) && !a.starts_with("--"))
    })
}

/// The first word of the command line that names one of `cmd`'s commands, and where.
fn running_subcommand<'c>(cmd: &'c Command, argv: &[OsString]) -> Option<(usize, &'c Command)> {
    argv.iter()
        .enumerate()
        .skip(1)
        .take_while(|(_, a)| *a != "--")
        .find_map(|(i, a)| {
            let a = a.to_str()?;
            cmd.find_subcommand(a).map(|s| (i, s))
        })
}

/// clap's words for a refused value, on one line (which setting, which value, why).
pub fn clap_reason(e: &clap::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// One effective setting, as `config check` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// `key` or `section.key`.
    pub key: String,
    /// Its value (joined with commas when several); secrets are redacted.
    pub value: Option<String>,
    /// Where it came from.
    pub source: Source,
}

/// The effective settings of the program's global flags and of one command's, as the
/// command would run now: `argv` is the program's command line (its global flags are
/// kept), `section` the command (`serve`, `run`). A value the command would refuse is
/// clap's error, as running it would give.
pub fn effective(
    cmd: &Command,
    settings: Option<&Settings>,
    argv: &[OsString],
    section: &str,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Vec<Effective>, clap::Error> {
    // The global flags as given (before or after the command's words), then the
    // command alone.
    let given = cmd.clone().try_get_matches_from(argv)?;
    let mut line: Vec<OsString> = argv.iter().take(1).cloned().collect();
    for arg in cmd.get_arguments().filter(|a| a.get_long().is_some()) {
        if let Some(words) = flag_words(arg, &given) {
            line.extend(words);
        }
    }
    line.push(section.into());
    let (line, taken) = match settings {
        Some(s) => s.apply(cmd, &line, env),
        None => (line, Vec::new()),
    };
    let matches = cmd.clone().try_get_matches_from(line)?;
    let mut out = report(cmd, &matches, None, &taken, true);
    if let Some((name, sub_matches)) = matches.subcommand()
        && let Some(sub) = cmd.find_subcommand(name)
    {
        out.extend(report(sub, sub_matches, Some(name), &taken, false));
    }
    Ok(out)
}

/// The words that give `arg` as the command line gave it, looked for at every level of
/// `matches` (a global flag may follow the command's name).
fn flag_words(arg: &Arg, matches: &ArgMatches) -> Option<Vec<OsString>> {
    let id = arg.get_id().as_str();
    let long = arg.get_long()?;
    let mut level = Some(matches);
    let mut found = None;
    while let Some(m) = level {
        if m.value_source(id) == Some(clap::parser::ValueSource::CommandLine) {
            found = Some(m);
        }
        level = m.subcommand().map(|(_, sub)| sub);
    }
    let raw: Vec<&OsStr> = found?.try_get_raw(id).ok().flatten()?.collect();
    if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        return Some(vec![format!("--{long}").into()]);
    }
    Some(
        raw.iter()
            .map(|v| {
                let mut word = OsString::from(format!("--{long}="));
                word.push(v);
                word
            })
            .collect(),
    )
}

fn report(
    cmd: &Command,
    matches: &ArgMatches,
    section: Option<&str>,
    taken: &[String],
    top: bool,
) -> Vec<Effective> {
    cmd.get_arguments()
        .filter_map(|a| a.get_long().and_then(|l| settable(cmd, l, top)))
        .filter(|a| top || !a.is_global_set())
        .map(|arg| {
            let id = arg.get_id().as_str();
            let name = arg.get_long().unwrap_or(id).replace('-', "_");
            let key = section.map_or(name.clone(), |s| format!("{s}.{name}"));
            let raw: Option<Vec<&OsStr>> =
                matches.try_get_raw(id).ok().flatten().map(|v| v.collect());
            let value = raw.filter(|v| !v.is_empty()).map(|v| {
                let text: Vec<String> =
                    v.iter().map(|s| s.to_string_lossy().into_owned()).collect();
                let text = text.join(",");
                if arg.is_hide_env_values_set() {
                    redact(&text)
                } else {
                    text
                }
            });
            let source = if taken.contains(&key) {
                Source::File
            } else {
                match matches.value_source(id) {
                    Some(clap::parser::ValueSource::CommandLine) => Source::Flag,
                    Some(clap::parser::ValueSource::EnvVariable) => Source::Env,
                    Some(clap::parser::ValueSource::DefaultValue) => Source::Default,
                    _ => Source::Unset,
                }
            };
            Effective { key, value, source }
        })
        .collect()
}

/// A secret as shown: a URL keeps its scheme, user and host with the password hidden;
/// anything else is hidden whole.
pub fn redact(secret: &str) -> String {
    if let Some((scheme, rest)) = secret.split_once("://")
        && let Some((credentials, host)) = rest.split_once('@')
    {
        let user = credentials.split(':').next().unwrap_or_default();
        return format!("{scheme}://{user}:****@{host}");
    }
    if secret.contains("://") {
        return secret.to_owned();
    }
    "****".to_owned()
}

#[cfg(test)]
mod tests {
    use clap::{Parser, Subcommand};

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[arg(long, global = true)]
        config: Option<PathBuf>,
        #[arg(long, env = "T_DATA_DIR", default_value = "./data", global = true)]
        data_dir: PathBuf,
        #[arg(long, env = "T_DATABASE_URL", hide_env_values = true, global = true)]
        database_url: Option<String>,
        #[command(subcommand)]
        command: Cmd,
    }

    #[derive(Debug, Subcommand)]
    enum Cmd {
        Serve {
            #[arg(long, env = "T_LISTEN", default_value = "127.0.0.1:8080")]
            listen: String,
            #[arg(long)]
            demo: bool,
            #[arg(long, value_delimiter = ',')]
            origins: Vec<String>,
        },
        Import {
            file: String,
        },
        Config,
    }

    fn argv(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    const FILE: &str = r#"
data_dir = "/var/lib/antar"
database_url = "postgres://antar:rahasia@db.bimakab.go.id/antar"

[serve]
listen = "0.0.0.0:9000"
demo = true
origins = ["https://a.example", "https://b.example"]
"#;

    fn settings(text: &str) -> Result<Settings, ConfigError> {
        Settings::parse(
            &<Cli as clap::CommandFactory>::command(),
            Path::new("/etc/antar/t.toml"),
            text,
        )
    }

    fn parse(words: &[&str], env: &dyn Fn(&str) -> Option<OsString>) -> Cli {
        let s = settings(FILE).unwrap();
        let (line, _) = s.apply(&<Cli as clap::CommandFactory>::command(), &argv(words), env);
        Cli::try_parse_from(line).unwrap()
    }

    fn no_env(_: &str) -> Option<OsString> {
        None
    }

    #[test]
    fn the_file_fills_what_flags_and_environment_leave() {
        let cli = parse(&["t", "serve"], &no_env);
        assert_eq!(cli.data_dir, PathBuf::from("/var/lib/antar"));
        let Cmd::Serve {
            listen,
            demo,
            origins,
        } = cli.command
        else {
            panic!()
        };
        assert_eq!(listen, "0.0.0.0:9000");
        assert!(demo);
        assert_eq!(origins, ["https://a.example", "https://b.example"]);
    }

    #[test]
    fn a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default() {
        // Environment over file: the file's value is not added (clap reads the variable).
        let env = |k: &str| (k == "T_LISTEN").then(|| OsString::from("10.0.0.1:1"));
        let s = settings(FILE).unwrap();
        let cmd = <Cli as clap::CommandFactory>::command();
        let (line, taken) = s.apply(&cmd, &argv(&["t", "serve"]), &env);
        assert!(
            !line
                .iter()
                .any(|w| w.to_string_lossy().starts_with("--listen")),
            "{line:?}"
        );
        assert!(!taken.contains(&"serve.listen".to_owned()));
        assert!(taken.contains(&"serve.demo".to_owned()));
        // Flag over environment and file, in both spellings.
        for words in [
            &["t", "serve", "--listen", "10.0.0.2:2"][..],
            &["t", "serve", "--listen=10.0.0.2:2"][..],
        ] {
            let Cmd::Serve { listen, .. } = parse(words, &env).command else {
                panic!()
            };
            assert_eq!(listen, "10.0.0.2:2");
        }
        // Global flags before the command beat the file too.
        assert_eq!(
            parse(&["t", "--data-dir", "/x", "serve"], &no_env).data_dir,
            PathBuf::from("/x")
        );
        // Default where nobody says.
        let s = settings("[serve]\ndemo = false\n").unwrap();
        let (line, _) = s.apply(
            &<Cli as clap::CommandFactory>::command(),
            &argv(&["t", "serve"]),
            &no_env,
        );
        let cli = Cli::try_parse_from(line).unwrap();
        assert_eq!(cli.data_dir, PathBuf::from("./data"));
        let Cmd::Serve { listen, demo, .. } = cli.command else {
            panic!()
        };
        assert_eq!((listen.as_str(), demo), ("127.0.0.1:8080", false));
    }

    #[test]
    fn another_commands_section_is_checked_but_not_used() {
        let cli = parse(&["t", "import", "kiriman.csv"], &no_env);
        assert_eq!(cli.data_dir, PathBuf::from("/var/lib/antar"));
        let Cmd::Import { file } = cli.command else {
            panic!()
        };
        assert_eq!(file, "kiriman.csv");
    }

    #[test]
    fn unknown_keys_and_wrong_values_are_named() {
        let e = settings("data_dri = \"/x\"\n").unwrap_err();
        assert_eq!(e.code(), "config.unknown_key");
        assert!(
            e.to_string().contains("data_dri") && e.to_string().contains("data_dir"),
            "{e}"
        );
        let e = settings("[serve]\nlisten_on = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("serve.listen_on"), "{e}");
        let e = settings("[serve]\nconfig = \"x\"\n").unwrap_err();
        assert_eq!(e.code(), "config.unknown_key");
        let e = settings("[sreve]\nlisten = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("[serve]"), "{e}");
        let e = settings("[serve]\nlisten = { a = 1 }\n").unwrap_err();
        assert_eq!(e.code(), "config.bad_value");
        let e = settings("data_dir = \n").unwrap_err();
        assert_eq!(e.code(), "config.not_toml");
    }

    #[test]
    fn the_file_is_found_by_flag_then_environment_then_default() {
        let env = |k: &str| (k == CONFIG_ENV).then(|| OsString::from("/from/env.toml"));
        let missing = Path::new("/no/such/default.toml");
        assert_eq!(
            locate(&argv(&["t", "--config", "/a.toml", "serve"]), &env, missing),
            Some((PathBuf::from("/a.toml"), true))
        );
        assert_eq!(
            locate(&argv(&["t", "serve", "--config=/b.toml"]), &env, missing),
            Some((PathBuf::from("/b.toml"), true))
        );
        assert_eq!(
            locate(&argv(&["t", "serve"]), &env, missing),
            Some((PathBuf::from("/from/env.toml"), true))
        );
        assert_eq!(locate(&argv(&["t", "serve"]), &no_env, missing), None);
    }

    #[test]
    fn effective_settings_say_where_each_came_from_and_hide_secrets() {
        let s = settings(FILE).unwrap();
        let cmd = <Cli as clap::CommandFactory>::command();
        // (The environment's part is clap's own reading of it, checked end to end
        // with the real executables.)
        let all = effective(
            &cmd,
            Some(&s),
            &argv(&["t", "--data-dir", "/x", "config"]),
            "serve",
            &no_env,
        )
        .unwrap();
        let find = |k: &str| all.iter().find(|e| e.key == k).unwrap().clone();
        assert_eq!(find("data_dir").source, Source::Flag);
        assert_eq!(find("data_dir").value.as_deref(), Some("/x"));
        assert_eq!(find("serve.listen").source, Source::File);
        assert_eq!(find("serve.listen").value.as_deref(), Some("0.0.0.0:9000"));
        assert_eq!(find("serve.demo").source, Source::File);
        let url = find("database_url");
        assert_eq!(url.source, Source::File);
        assert_eq!(
            url.value.as_deref(),
            Some("postgres://antar:****@db.bimakab.go.id/antar")
        );
        assert!(!format!("{all:?}").contains("rahasia"));
        // A bad value in the file is the error running the command would give.
        let bad = settings("[serve]\norigins = 5\ndemo = \"ya\"\n").unwrap();
        assert!(effective(&cmd, Some(&bad), &argv(&["t"]), "serve", &no_env).is_err());
    }

    #[test]
    fn secrets_are_redacted() {
        assert_eq!(
            redact("postgres://antar:pw@h/db"),
            "postgres://antar:****@h/db"
        );
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact("EAAG-token"), "****");
    }
}
