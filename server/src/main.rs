use clap::Parser;

fn main() {
    std::process::exit(antar_server::run(antar_server::Cli::parse()));
}
