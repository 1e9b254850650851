fn main() {
    std::process::exit(antar_server::main());
}
