" baocao-ls: report files. Plain .txt/.md files stay `text`/`markdown`; the plugin still attaches
" the server to them when they look like a report (see lua/baocao/init.lua).
autocmd BufNewFile,BufRead *.baocao,*.bc.txt,*.bc.md set filetype=baocao
