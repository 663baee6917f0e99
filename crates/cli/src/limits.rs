//! How much a list file may hold (`vigil_app::import::Limits`), from the
//! command line or the environment; `serve` applies the same limits to
//! uploads in the workspace.

use clap::Args;
use vigil_app::import::Limits;

const MB: u64 = 1024 * 1024;

#[derive(Args, Clone, Debug)]
pub struct LimitArgs {
    /// Largest list file read, in MB (the workspace's upload form takes at most 8 MB).
    #[arg(long, global = true, env = "VIGIL_IMPORT_MAX_FILE_MB", value_name = "MB",
          default_value_t = Limits::default().file_bytes / MB)]
    import_max_file_mb: u64,
    /// Most an XLSX workbook may expand to, all its parts together, in MB.
    #[arg(long, global = true, env = "VIGIL_IMPORT_MAX_EXPANDED_MB", value_name = "MB",
          default_value_t = Limits::default().expanded_bytes / MB)]
    import_max_expanded_mb: u64,
    /// Most rows under a list's header.
    #[arg(long, global = true, env = "VIGIL_IMPORT_MAX_ROWS", value_name = "N",
          default_value_t = Limits::default().rows)]
    import_max_rows: usize,
    /// Most columns in a list's row.
    #[arg(long, global = true, env = "VIGIL_IMPORT_MAX_COLUMNS", value_name = "N",
          default_value_t = Limits::default().columns)]
    import_max_columns: usize,
    /// Most cells in a list, counting empty ones before a filled one.
    #[arg(long, global = true, env = "VIGIL_IMPORT_MAX_CELLS", value_name = "N",
          default_value_t = Limits::default().cells)]
    import_max_cells: usize,
    /// Most characters in one cell.
    #[arg(long, global = true, env = "VIGIL_IMPORT_MAX_CELL_CHARS", value_name = "N",
          default_value_t = Limits::default().cell_chars)]
    import_max_cell_chars: usize,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            file_bytes: self.import_max_file_mb.saturating_mul(MB),
            expanded_bytes: self.import_max_expanded_mb.saturating_mul(MB),
            rows: self.import_max_rows,
            columns: self.import_max_columns,
            cells: self.import_max_cells,
            cell_chars: self.import_max_cell_chars,
        }
    }
}
