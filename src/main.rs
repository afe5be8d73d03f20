//! The `baocao-ls` binary: everything lives in the library; see [`baocao_ls::cli`].

fn main() -> std::process::ExitCode {
    baocao_ls::cli::main()
}
