#include "reverie/report/html_page.h"

#include "reverie/report/html_escape.h"

namespace reverie {

std::string html_page(const std::string& title, const std::string& body) {
  return "<!doctype html>\n<html><head><meta charset='utf-8'><title>" + html_escape(title) + "</title>\n"
         "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
         "img{max-width:100%;border:1px solid #ddd}figure{margin:2em 0}table{border-collapse:collapse;font-size:90%}"
         "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}.holds{background:#e3f4e1}"
         ".fails{background:#f8dcdc}ul.answer li{margin:.3em 0}img.thumb{width:220px}th.experiment{text-align:left;background:#f0f0f0}details summary{cursor:pointer}pre{background:#f6f6f6;padding:1em;overflow:auto}</style>\n"
         "</head><body>\n" + body + "</body></html>\n";
}

}  // namespace reverie
